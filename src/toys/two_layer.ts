/**
 * A float64 two-layer network for the lazy-training experiment (Chizat, Oyallon, Bach 2019; slides,
 * Appendix III): f(x) = (1/sqrt(m)) sum_k a_k tanh(<w_k, x>), parameters theta = (W (m x d), a (m)),
 * trained on f_alpha(theta) = 1/(2 n alpha^2) sum_i (alpha f(x_i) - y_i)^2.
 *
 * The initialisation is antisymmetric (units k and k + m/2 share w and have opposite a), so
 * f(x; theta0) = 0 (up to rounding): with a non-zero initial output, alpha f(theta0) would grow with alpha and
 * the drift would not shrink like 1/alpha. Data: n inputs on the unit sphere of R^d, targets
 * y = sin(3 <v, x>) for a unit teacher direction v, all from the seed.
 */
import type { LossAndGrad } from "./gradient_descent.ts";
import { seededRng } from "../util/random.ts";

/** The problem: inputs (n x d row-major), targets, hidden width m. */
export interface LazyProblem {
  n: number;
  d: number;
  m: number;
  x: Float64Array;
  y: Float64Array;
}

/** Draws the data and the antisymmetric initial parameters (W row-major m x d, then a). */
export function lazyProblem(
  seed: number,
  n: number,
  d: number,
  m: number,
): { problem: LazyProblem; theta0: Float64Array } {
  if (!(Number.isInteger(m) && m >= 2 && m % 2 === 0) || !(n >= 1 && d >= 1)) {
    throw new RangeError(
      `Cannot build the two-layer net: width must be an even integer >= 2 and n, d >= 1, ` +
        `got width ${m}, n ${n}, d ${d}`,
    );
  }
  const rng = seededRng(seed);
  const v = Float64Array.from({ length: d }, () => rng.normal());
  const vNorm = Math.hypot(...v);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = Float64Array.from({ length: d }, () => rng.normal());
    const norm = Math.hypot(...row);
    let proj = 0;
    row.forEach((r, j) => {
      x[i * d + j] = r / norm;
      proj += (r / norm) * (v[j]! / vNorm);
    });
    y[i] = Math.sin(3 * proj);
  }
  const theta0 = new Float64Array(m * d + m);
  const half = m / 2;
  for (let k = 0; k < half; k++) {
    for (let j = 0; j < d; j++) {
      const w = rng.normal();
      theta0[k * d + j] = w;
      theta0[(k + half) * d + j] = w;
    }
    const a = rng.normal();
    theta0[m * d + k] = a;
    theta0[m * d + k + half] = -a;
  }
  return { problem: { n, d, m, x, y }, theta0 };
}

/** Outputs f(x_i) and, when `jacobian` is given (n x P row-major), the rows grad_theta f(x_i). */
export function twoLayerForward(
  theta: Float64Array,
  p: LazyProblem,
  jacobian?: Float64Array,
): Float64Array {
  const { n, d, m } = p;
  const out = new Float64Array(n);
  const scale = 1 / Math.sqrt(m);
  const size = m * d + m;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let k = 0; k < m; k++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += theta[k * d + j]! * p.x[i * d + j]!;
      const h = Math.tanh(z);
      const a = theta[m * d + k]!;
      f += a * h;
      if (jacobian !== undefined) {
        jacobian[i * size + m * d + k] = h * scale;
        const dz = a * (1 - h * h) * scale;
        for (let j = 0; j < d; j++) jacobian[i * size + k * d + j] = dz * p.x[i * d + j]!;
      }
    }
    out[i] = f * scale;
  }
  return out;
}

/** f_alpha and its gradient (1/n) sum_i (f(x_i) - y_i / alpha) grad f(x_i). */
export function lazyLoss(theta: Float64Array, p: LazyProblem, alpha: number): LossAndGrad {
  const size = p.m * p.d + p.m;
  const jac = new Float64Array(p.n * size);
  const f = twoLayerForward(theta, p, jac);
  const grad = new Float64Array(size);
  let loss = 0;
  for (let i = 0; i < p.n; i++) {
    const r = f[i]! - p.y[i]! / alpha;
    loss += (r * r) / (2 * p.n);
    for (let q = 0; q < size; q++) grad[q]! += (r * jac[i * size + q]!) / p.n;
  }
  return { loss, grad };
}
