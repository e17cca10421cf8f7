/**
 * Spectral norm of a symmetric matrix by the Lanczos iteration with full reorthogonalisation:
 * O(m n^2) for m steps instead of the O(n^3) of a full eigendecomposition. The extreme Ritz values
 * of the Lanczos tridiagonal converge to the extreme eigenvalues first, and they never overshoot
 * (Cauchy interlacing), so the estimate approaches ||A||_2 from below.
 */
import { tridiagonalQlEigenvalues } from "./tridiagonal_ql.ts";

/** Row-major symmetric n x n matrix times a vector. */
function multiply(a: ArrayLike<number>, n: number, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += a[row + j]! * x[j]!;
    out[i] = s;
  }
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/**
 * ||A||_2 = max |eigenvalue| of the symmetric matrix `a` (row-major n x n), by at most `steps`
 * Lanczos steps from a fixed start vector; it stops early when the Krylov space is exhausted or
 * the estimate has settled to `relTol`. Deterministic: no random start.
 *
 * @example
 * lanczosSpectralNorm([2, 0, 0, -5], 2); // 5
 */
export function lanczosSpectralNorm(
  a: ArrayLike<number>,
  n: number,
  steps = 60,
  relTol = 1e-12,
): number {
  if (!Number.isInteger(n) || n < 1 || a.length !== n * n) {
    throw new RangeError(
      `Cannot take a spectral norm: expected ${n} x ${n} = ${n * n} entries, got ${a.length}`,
    );
  }
  const m = Math.min(steps, n);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  // Start vector with every component non-zero and unequal, so no eigenvector is missed by symmetry.
  let q = new Float64Array(n);
  for (let i = 0; i < n; i++) q[i] = 1 + ((i * 0.6180339887498949) % 1);
  const qNorm = Math.sqrt(dot(q, q));
  for (let i = 0; i < n; i++) q[i]! /= qNorm;
  const w = new Float64Array(n);
  let previous = -1;
  let estimate = 0;
  for (let j = 0; j < m; j++) {
    basis.push(q);
    multiply(a, n, q, w);
    const aj = dot(w, q);
    alpha.push(aj);
    // Full reorthogonalisation against every basis vector (twice is enough in float64).
    for (let pass = 0; pass < 2; pass++) {
      for (const v of basis) {
        const c = dot(w, v);
        for (let i = 0; i < n; i++) w[i]! -= c * v[i]!;
      }
    }
    const bj = Math.sqrt(dot(w, w));
    estimate = ritzNorm(alpha, beta);
    const settled = Math.abs(estimate - previous) <= relTol * estimate;
    if (bj <= 1e-14 * Math.max(estimate, 1e-300) || settled || j === m - 1) break;
    previous = estimate;
    beta.push(bj);
    q = new Float64Array(n);
    for (let i = 0; i < n; i++) q[i] = w[i]! / bj;
  }
  return estimate;
}

/** Largest |Ritz value| of the Lanczos tridiagonal with diagonal `alpha` and off-diagonal `beta`. */
function ritzNorm(alpha: number[], beta: number[]): number {
  const k = alpha.length;
  const t = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    t[i * k + i] = alpha[i]!;
    if (i > 0) t[i * k + i - 1] = beta[i - 1]!;
  }
  const ritz = tridiagonalQlEigenvalues(t, k);
  return Math.max(Math.abs(ritz[0]!), Math.abs(ritz[k - 1]!));
}
