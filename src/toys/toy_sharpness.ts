/**
 * Sharpness along a toy's run: at probe epochs the dense Hessian of the loss by central differences
 * of the toy's analytic float64 gradient (each column (grad(theta + h e_j) - grad(theta - h e_j)) /
 * 2h, symmetrised; a toy has at most a few hundred parameters), its largest eigenvalue by the
 * symmetric eigensolver, and the loss one step on (`nextLoss`), since a toy's recorded epoch is
 * often several steps. The closed-form Hessians beside each toy (lemniscate.ts, semilocal.ts,
 * logistic.ts) are the references the tests hold these against.
 */
import type { HessianSeries } from "../report/schema.ts";
import { symmetricEigenvalues } from "../linalg/sym_eigen.ts";
import { probeSchedule } from "../ntk/ntk_tracker.ts";
import type { LossAndGrad, ToyProbe } from "./gradient_descent.ts";

/** Difference step relative to max(1, |theta_j|): truncation ~h^2, rounding ~1e-16 / h. */
const RELATIVE_STEP = 1e-5;

/** The dense Hessian (row-major, symmetrised) of `f` at `theta` by central differences. */
export function denseHessianOf(
  f: (theta: Float64Array) => LossAndGrad,
  theta: Float64Array,
): Float64Array {
  const p = theta.length;
  const hess = new Float64Array(p * p);
  const at = Float64Array.from(theta);
  for (let j = 0; j < p; j++) {
    const h = RELATIVE_STEP * Math.max(1, Math.abs(theta[j]!));
    at[j] = theta[j]! + h;
    const up = f(at).grad;
    at[j] = theta[j]! - h;
    const down = f(at).grad;
    at[j] = theta[j]!;
    for (let i = 0; i < p; i++) hess[i * p + j] = (up[i]! - down[i]!) / (2 * h);
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      const m = (hess[i * p + j]! + hess[j * p + i]!) / 2;
      hess[i * p + j] = m;
      hess[j * p + i] = m;
    }
  }
  return hess;
}

/** The largest eigenvalue of a symmetric p x p matrix (row-major). */
export function topEigenvalue(matrix: Float64Array, p: number): number {
  return Math.max(...symmetricEigenvalues({ n: p, data: matrix }));
}

/**
 * A probe for `gradientDescent` that records the sharpness every `every` epochs (plus the first
 * and last) of a run of `epochs` epochs with step `lr`; `samples` is the toy's sample count.
 *
 * @example
 * const sharpness = toySharpness(f, { lr, epochs, every: 10, samples: 1 });
 * const gd = gradientDescent(f, theta0, { ..., probe: sharpness.probe });
 * series.hessian = sharpness.series;
 */
export function toySharpness(
  f: (theta: Float64Array) => LossAndGrad,
  o: { lr: number; epochs: number; every: number; samples: number },
): { probe: ToyProbe; series: HessianSeries } {
  const series: HessianSeries = {
    epoch: [],
    sharpness: [],
    residual: [],
    iterations: [],
    nextLoss: [],
    samples: o.samples,
    fixedBatch: false,
  };
  const probe: ToyProbe = {
    epochs: new Set(o.every > 0 ? probeSchedule(o.epochs, o.every) : []),
    run(epoch, theta, at) {
      const p = theta.length;
      const top = topEigenvalue(denseHessianOf(f, theta), p);
      const next = f(theta.map((t, i) => t - o.lr * at.grad[i]!)).loss;
      series.epoch.push(epoch);
      series.sharpness.push(Number.isFinite(top) ? top : null);
      series.residual.push(0);
      series.iterations.push(2 * p);
      series.nextLoss!.push(Number.isFinite(next) ? next : null);
    },
  };
  return { probe, series };
}
