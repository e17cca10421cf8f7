/**
 * Multi-class logistic regression on separable data (Robin, Scaman, Lelarge, Section 4.3): linear
 * scores theta x (theta in R^{c x d}), softmax, mean cross-entropy over n samples with one-hot labels.
 * Data are drawn around a known separating ray zeta: Gaussian inputs labelled argmax_i <zeta_i, x>,
 * kept only when the normalized margin (<zeta_i, x> - max_{j != i} <zeta_j, x>) / ||zeta||_F is at
 * least `margin`, so that zeta is an epsilon-separating ray (Definition 4.4) with epsilon >= margin.
 */
import type { LossAndGrad } from "./gradient_descent.ts";
import { lambertW0Exp } from "./lambert_w.ts";
import { seededRng } from "../util/random.ts";

/** n samples in R^d (row-major `x`, n x d), labels in [0, c), and the ray zeta (c x d, row-major). */
export interface SeparableData {
  n: number;
  d: number;
  c: number;
  x: Float64Array;
  labels: Int32Array;
  zeta: Float64Array;
}

/** Scores s = theta x for sample k (theta row-major c x d). */
function scores(theta: Float64Array, data: SeparableData, k: number, out: Float64Array): void {
  for (let i = 0; i < data.c; i++) {
    let s = 0;
    for (let j = 0; j < data.d; j++) s += theta[i * data.d + j]! * data.x[k * data.d + j]!;
    out[i] = s;
  }
}

/**
 * Draws n separable samples with the seed; throws when fewer than n of 1000 n draws clear the margin.
 *
 * @example
 * ```ts
 * const data = separableData(0, 20, 4, 3, 0.5);
 * separationMargin(data.zeta, data) >= 0.5; // true
 * ```
 */
export function separableData(
  seed: number,
  n: number,
  d: number,
  c: number,
  margin: number,
): SeparableData {
  if (!(n >= 1 && d >= 1 && c >= 2 && margin > 0)) {
    throw new RangeError(
      `Cannot draw separable data: need n >= 1, d >= 1, c >= 2, margin > 0, got n ${n}, d ${d}, ` +
        `c ${c}, margin ${margin}`,
    );
  }
  const rng = seededRng(seed);
  const zeta = Float64Array.from({ length: c * d }, () => rng.normal());
  const data: SeparableData = {
    n,
    d,
    c,
    x: new Float64Array(n * d),
    labels: new Int32Array(n),
    zeta,
  };
  const candidate: SeparableData = { ...data, n: 1, x: new Float64Array(d) };
  const s = new Float64Array(c);
  let kept = 0;
  for (let tries = 0; kept < n && tries < 1000 * n; tries++) {
    for (let j = 0; j < d; j++) candidate.x[j] = rng.normal();
    scores(zeta, candidate, 0, s);
    const { label, gap } = topGap(s);
    if (gap / frobenius(zeta) >= margin) {
      data.x.set(candidate.x, kept * d);
      data.labels[kept] = label;
      kept++;
    }
  }
  if (kept < n) {
    throw new RangeError(
      `Cannot draw separable data: only ${kept} of ${n} samples cleared margin ${margin} ` +
        `in ${1000 * n} draws; lower the margin`,
    );
  }
  return data;
}

function topGap(s: Float64Array): { label: number; gap: number } {
  let label = 0;
  for (let i = 1; i < s.length; i++) if (s[i]! > s[label]!) label = i;
  let second = -Infinity;
  for (let i = 0; i < s.length; i++) if (i !== label) second = Math.max(second, s[i]!);
  return { label, gap: s[label]! - second };
}

function frobenius(m: Float64Array): number {
  let s = 0;
  for (const v of m) s += v * v;
  return Math.sqrt(s);
}

/** epsilon of Definition 4.4 for this ray: min_k (<zeta_y, x> - max_{j != y} <zeta_j, x>) / ||zeta||. */
export function separationMargin(zeta: Float64Array, data: SeparableData): number {
  const s = new Float64Array(data.c);
  let eps = Infinity;
  for (let k = 0; k < data.n; k++) {
    scores(zeta, data, k, s);
    const y = data.labels[k]!;
    let other = -Infinity;
    for (let i = 0; i < data.c; i++) if (i !== y) other = Math.max(other, s[i]!);
    eps = Math.min(eps, s[y]! - other);
  }
  return eps / frobenius(zeta);
}

/** Mean cross-entropy and its gradient (1/n) sum_k (softmax(theta x_k) - e_{y_k}) x_k^T. */
export function crossEntropy(theta: Float64Array, data: SeparableData): LossAndGrad {
  const grad = new Float64Array(data.c * data.d);
  const s = new Float64Array(data.c);
  let loss = 0;
  for (let k = 0; k < data.n; k++) {
    scores(theta, data, k, s);
    let max = -Infinity;
    for (const v of s) max = Math.max(max, v);
    let z = 0;
    for (const v of s) z += Math.exp(v - max);
    const logZ = max + Math.log(z);
    const y = data.labels[k]!;
    loss += logZ - s[y]!;
    for (let i = 0; i < data.c; i++) {
      const coef = Math.exp(s[i]! - logZ) - (i === y ? 1 : 0);
      for (let j = 0; j < data.d; j++) {
        grad[i * data.d + j]! += (coef * data.x[k * data.d + j]!) / data.n;
      }
    }
  }
  return { loss: loss / data.n, grad };
}

/**
 * The Hessian of the mean cross-entropy in closed form, (1/n) sum_k (diag(p_k) - p_k p_k^T) (x)
 * x_k x_k^T with p_k = softmax(theta x_k): a dense (c d) x (c d) matrix, rows and columns indexed
 * i * d + j as theta is.
 */
export function crossEntropyHessian(theta: Float64Array, data: SeparableData): Float64Array {
  const { c, d, n } = data;
  const m = c * d;
  const hess = new Float64Array(m * m);
  const s = new Float64Array(c);
  for (let k = 0; k < n; k++) {
    scores(theta, data, k, s);
    let max = -Infinity;
    for (const v of s) max = Math.max(max, v);
    let z = 0;
    for (const v of s) z += Math.exp(v - max);
    const p = Array.from(s, (v) => Math.exp(v - max) / z);
    for (let i = 0; i < c; i++) {
      for (let j = 0; j < c; j++) {
        const w = ((i === j ? p[i]! : 0) - p[i]! * p[j]!) / n;
        if (w === 0) continue;
        for (let a = 0; a < d; a++) {
          const xa = data.x[k * d + a]!;
          for (let b = 0; b < d; b++) {
            hess[(i * d + a) * m + j * d + b]! += w * xa * data.x[k * d + b]!;
          }
        }
      }
    }
  }
  return hess;
}

/**
 * Proposition 4.5's bound for the gradient flow at time t: L(theta_t) <= log(1 + 1 / W0(exp(eps^2
 * kappa^2 t - C))), C = log(e^{L0} - 1) - 1 / (e^{L0} - 1). It equals L0 at t = 0 and solves
 * dB/dt = -eps^2 kappa^2 (1 - e^{-B})^2, the functional KL inequality the proof integrates.
 */
export function lambertBound(t: number, loss0: number, eps: number, kappa: number): number {
  if (!(loss0 > 0) || !(t >= 0)) {
    throw new RangeError(
      `Cannot evaluate the Lambert-W bound: need L0 > 0 and t >= 0, got L0 ${loss0}, t ${t}`,
    );
  }
  const u0 = Math.expm1(loss0);
  const C = Math.log(u0) - 1 / u0;
  return Math.log1p(1 / lambertW0Exp(eps * eps * kappa * kappa * t - C));
}
