/**
 * Plain float64 gradient descent for the toy problems, recorded as the report's standard series:
 * one "epoch" is `stepsPerEpoch` full-gradient steps; entry e holds the values at theta after
 * e * stepsPerEpoch steps (entry 0 at initialisation, the last entry at the final iterate).
 */
import type { Series } from "../report/schema.ts";
import { seriesRecorder } from "./series_recorder.ts";

/** Loss and gradient at a point; `grad` must have the point's length. */
export interface LossAndGrad {
  loss: number;
  grad: Float64Array;
}

/** Settings of a gradient-descent run. */
export interface GdOptions {
  lr: number;
  epochs: number;
  stepsPerEpoch: number;
  /** Milliseconds clock for the `seconds` series (injectable for tests). */
  now?: () => number;
  /** Called after each recorded epoch with its loss (the run's heartbeat). */
  onEpoch?: (epoch: number, loss: number) => void;
  /** Called at the recorded epochs in `epochs` with theta and its loss and gradient (not to be modified). */
  probe?: ToyProbe;
}

/** A probe of the point at chosen recorded epochs, before the epoch's steps. */
export interface ToyProbe {
  epochs: Set<number>;
  run(epoch: number, theta: Float64Array, at: LossAndGrad): void;
}

/** What a run produced: the series, the final iterate, and the largest drift over every step. */
export interface GdResult {
  series: Series;
  final: Float64Array;
  /** max over all steps k of ||theta_k - theta_0|| (not only the recorded epochs). */
  maxDrift: number;
  /** First epoch whose loss or gradient is not finite; the series stops there. */
  divergedAt: number | null;
}

function normSq(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return s;
}

function distance(x: Float64Array, x0: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - x0[i]!) ** 2;
  return Math.sqrt(s);
}

/**
 * Runs theta_{k+1} = theta_k - lr * grad(theta_k) from `theta0` (which is not modified).
 *
 * @example
 * ```ts
 * const quad = (x: Float64Array) => ({ loss: x[0]! ** 2, grad: Float64Array.of(2 * x[0]!) });
 * gradientDescent(quad, Float64Array.of(1), { lr: 0.1, epochs: 3, stepsPerEpoch: 1 }).series.loss;
 * // [1, 0.64, 0.4096, 0.262144]
 * ```
 */
export function gradientDescent(
  f: (theta: Float64Array) => LossAndGrad,
  theta0: Float64Array,
  opts: GdOptions,
): GdResult {
  if (!(opts.lr > 0) || !Number.isInteger(opts.epochs) || opts.epochs < 1) {
    throw new RangeError(
      `Cannot run gradient descent: lr must be > 0 and epochs an integer >= 1, got lr ${opts.lr}, ` +
        `epochs ${opts.epochs}`,
    );
  }
  if (!Number.isInteger(opts.stepsPerEpoch) || opts.stepsPerEpoch < 1) {
    throw new RangeError(
      `Cannot run gradient descent: stepsPerEpoch must be an integer >= 1, got ${opts.stepsPerEpoch}`,
    );
  }
  const rec = seriesRecorder(opts.now);
  const theta = Float64Array.from(theta0);
  let maxDrift = 0;
  let divergedAt: number | null = null;
  let current = f(theta);
  for (let epoch = 0; epoch <= opts.epochs; epoch++) {
    const gradSq = normSq(current.grad);
    if (!Number.isFinite(current.loss) || !Number.isFinite(gradSq)) {
      divergedAt = epoch;
      break;
    }
    rec.record(epoch, current.loss, gradSq, distance(theta, theta0), opts.lr);
    opts.onEpoch?.(epoch, current.loss);
    if (opts.probe?.epochs.has(epoch)) opts.probe.run(epoch, theta, current);
    if (epoch === opts.epochs) break;
    for (let s = 0; s < opts.stepsPerEpoch; s++) {
      for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! - opts.lr * current.grad[i]!;
      maxDrift = Math.max(maxDrift, distance(theta, theta0));
      current = f(theta);
      if (!Number.isFinite(current.loss)) break;
    }
  }
  return { series: rec.finish(), final: theta, maxDrift, divergedAt };
}
