/**
 * The largest eigenvalue of a symmetric operator given only through products v -> H v (a Hessian
 * through Hessian-vector products), by the Lanczos iteration on the tfjs device with full
 * reorthogonalisation, as PyHessian does for the top eigenvalue. The Krylov vectors stay on the
 * device; each step reads back two scalars (alpha_j = q_j . H q_j and beta_j = ||r_j||), and the
 * small tridiagonal is solved on the host in float64.
 *
 * Stopping rule: after step j the top Ritz pair (theta, y) of the tridiagonal T_j has residual
 * ||H y - theta y|| = beta_j |s_j| (s_j: the last entry of T_j's top eigenvector), and some
 * eigenvalue of H lies within that distance of theta (Parlett, The Symmetric Eigenvalue Problem,
 * Theorem 4.5.1); the iteration stops once it is at most `tol` |theta|, when the Krylov space is
 * exhausted, or after `maxIters` products. The top Ritz value never exceeds lambda_max (Cauchy
 * interlacing): the estimate approaches it from below.
 *
 * Warm start: a start vector (the previous probe's Ritz vector) is mixed with a seeded random
 * vector of relative weight `mix`, so that a new top eigenvector orthogonal to the old one is
 * still found.
 */
import * as tf from "@tensorflow/tfjs";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { normalArray } from "../util/random.ts";

/** A symmetric linear operator on flat float32 vectors of length `dim`, on the device. */
export interface SymmetricOperator {
  dim: number;
  /** H v; called inside `tf.tidy`, the result is a new tensor of shape [dim]. */
  apply(v: tf.Tensor1D): tf.Tensor1D;
}

/** Settings of one Lanczos run. */
export interface LanczosOptions {
  /** Most operator products (Lanczos steps). */
  maxIters: number;
  /** Stop when the top Ritz pair's residual bound is at most tol |theta| (default 1e-3). */
  tol?: number;
  /** A start vector (not modified, not disposed); null or absent: a seeded random one. */
  start?: tf.Tensor1D | null;
  /** Weight of the random vector mixed into `start`, relative to its norm (default 0.1). */
  mix?: number;
  /** Seed of the random start (or mix). */
  seed: number;
}

/** The top eigenvalue estimate and how well it is known. */
export interface LanczosResult {
  /** The top Ritz value: lambda_max estimated from below. */
  value: number;
  /** ||H y - value y|| for the unit Ritz vector y: an eigenvalue lies within it of `value`. */
  residual: number;
  /** Operator products used. */
  iterations: number;
  /** The smallest Ritz value (the far end of the spectrum, less converged). */
  lowest: number;
  /** The unit Ritz vector y on the device, for the next warm start; the caller disposes it. */
  vector: tf.Tensor1D;
}

/** Default relative residual at which the iteration stops. */
export const DEFAULT_LANCZOS_TOL = 1e-3;

/** Default weight of the random vector mixed into a warm start. */
export const DEFAULT_WARM_MIX = 0.1;

function checkOptions(dim: number, opts: LanczosOptions): void {
  if (!Number.isInteger(dim) || dim < 1) {
    throw new RangeError(`Cannot run Lanczos: dim must be a positive integer, got ${dim}`);
  }
  if (!Number.isInteger(opts.maxIters) || opts.maxIters < 1) {
    throw new RangeError(
      `Cannot run Lanczos: maxIters must be a positive integer, got ${opts.maxIters}`,
    );
  }
  const tol = opts.tol ?? DEFAULT_LANCZOS_TOL;
  if (!(tol >= 0) || !Number.isFinite(tol)) {
    throw new RangeError(`Cannot run Lanczos: tol must be a finite number >= 0, got ${tol}`);
  }
  if (opts.start && opts.start.size !== dim) {
    throw new RangeError(
      `Cannot run Lanczos: the start vector has ${opts.start.size} entries, expected ${dim}`,
    );
  }
}

/** The unit start vector: the warm start mixed with a seeded normal vector, or that vector alone. */
function startVector(dim: number, opts: LanczosOptions): tf.Tensor1D {
  return tf.tidy(() => {
    const random = tf.tensor1d(normalArray(opts.seed, 0, dim, 1));
    const unitRandom = tf.div(random, tf.norm(random));
    const warm = opts.start ?? null;
    if (warm === null) return unitRandom as tf.Tensor1D;
    const unitWarm = tf.div(warm, tf.maximum(tf.norm(warm), 1e-30));
    const mixed = tf.add(unitWarm, tf.mul(unitRandom, opts.mix ?? DEFAULT_WARM_MIX));
    return tf.div(mixed, tf.norm(mixed)) as tf.Tensor1D;
  });
}

/** Eigenvalues (ascending) and the top eigenvector of the symmetric tridiagonal (alpha, beta). */
function tridiagonalTop(alpha: number[], beta: number[]) {
  const k = alpha.length;
  const t = Matrix.zeros(k, k);
  for (let i = 0; i < k; i++) {
    t.set(i, i, alpha[i]!);
    if (i + 1 < k) {
      t.set(i, i + 1, beta[i]!);
      t.set(i + 1, i, beta[i]!);
    }
  }
  const eig = new EigenvalueDecomposition(t, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  let top = 0;
  let low = 0;
  values.forEach((v, i) => {
    if (v > values[top]!) top = i;
    if (v < values[low]!) low = i;
  });
  const vectors = eig.eigenvectorMatrix;
  const s = Array.from({ length: k }, (_, i) => vectors.get(i, top));
  return { value: values[top]!, lowest: values[low]!, s };
}

/**
 * The largest eigenvalue of `op` by Lanczos (see the module comment for the stopping rule).
 *
 * @example
 * const { value, vector } = await lanczosTop(op, { maxIters: 20, seed: 0 });
 * vector.dispose();
 */
export async function lanczosTop(
  op: SymmetricOperator,
  opts: LanczosOptions,
): Promise<LanczosResult> {
  checkOptions(op.dim, opts);
  const tol = opts.tol ?? DEFAULT_LANCZOS_TOL;
  const basis: tf.Tensor1D[] = [startVector(op.dim, opts)];
  const alpha: number[] = [];
  const beta: number[] = [];
  let top = { value: 0, lowest: 0, s: [1] };
  let residual = Infinity;
  try {
    for (let j = 0; j < opts.maxIters; j++) {
      const q = basis[j]!;
      const { scalars, next } = tf.tidy(() => {
        const w = op.apply(q);
        const a = tf.dot(q, w);
        // full reorthogonalisation against the whole basis, twice (float32)
        // (elementwise products and sums: wasm's matMul of a [1, 1] by a [1, m] gives garbage)
        const stacked = tf.stack(basis) as tf.Tensor2D;
        let r = w as tf.Tensor1D;
        for (let pass = 0; pass < 2; pass++) {
          const c = tf.sum(tf.mul(stacked, r), 1, true);
          r = tf.sub(r, tf.sum(tf.mul(c, stacked), 0)) as tf.Tensor1D;
        }
        const b = tf.norm(r);
        return {
          scalars: tf.stack([a, b]),
          next: tf.div(r, tf.maximum(b, 1e-30)) as tf.Tensor1D,
        };
      });
      const [a, b] = await scalars.data();
      scalars.dispose();
      if (!Number.isFinite(a!) || !Number.isFinite(b!)) {
        next.dispose();
        throw new RangeError(`Cannot run Lanczos: a non-finite product at step ${j + 1}`);
      }
      alpha.push(a!);
      top = tridiagonalTop(alpha, beta);
      residual = b! * Math.abs(top.s[top.s.length - 1]!);
      const exhausted = b! <= 1e-6 * Math.max(Math.abs(top.value), 1e-30);
      if (residual <= tol * Math.abs(top.value) || exhausted || j + 1 === opts.maxIters) {
        next.dispose();
        break;
      }
      beta.push(b!);
      basis.push(next);
    }
    const vector = tf.tidy(() => {
      const s = tf.tensor2d(top.s.slice(0, basis.length), [basis.length, 1]);
      const y = tf.sum(tf.mul(s, tf.stack(basis)), 0);
      return tf.div(y, tf.norm(y)) as tf.Tensor1D;
    });
    return { value: top.value, residual, iterations: alpha.length, lowest: top.lowest, vector };
  } finally {
    tf.dispose(basis);
  }
}
