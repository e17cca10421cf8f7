/**
 * Eigenvalues of real symmetric matrices in float64 on the host, with `ml-matrix`'s symmetric
 * eigensolver (Householder tridiagonalisation + implicit QL, the JAMA/EISPACK tred2/tql2 pair).
 *
 * Cost, measured on this project's 2-core machines (`deno bench -A src/linalg/`): about 0.03 s
 * at n = 128, 0.1 s at n = 256 and 13-31 s at n = 1976 (the low end on an idle machine, the high
 * end on a loaded one). The library always accumulates the eigenvectors and has no
 * eigenvalues-only mode; no well-kept npm package offers one (the LAPACK ports on npm are either
 * unmaintained or lack the symmetric drivers), so the full-training-set kernel pays the full price
 * and is therefore computed only at a few epochs (first and last). `eigenvaluesOnly` is this
 * project's own eigenvalues-only tridiagonal QL (tridiagonal_ql.ts), checked against ml-matrix in
 * the tests and about 3x faster at n = 1976 (8-13 s where ml-matrix took 28-31 s in the same runs
 * on a loaded machine). Probe-sized kernels (k <= 512) use ml-matrix; the
 * full-training-set kernel uses `eigenvaluesOnly`, and its spectral shift ||K_t - K_0||_2 is
 * taken by Lanczos (lanczos_norm.ts) instead of a third decomposition.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { tridiagonalQlEigenvalues } from "./tridiagonal_ql.ts";

/** A square matrix in row-major order: `data[i * n + j]`. */
export interface SquareMatrix {
  n: number;
  data: ArrayLike<number>;
}

/** Which solver computes the eigenvalues: a function from a square matrix to ascending values. */
export type EigenSolver = (a: SquareMatrix) => Float64Array;

/** Checks shape and finiteness; returns the symmetric part (A + A^T) / 2, row-major, as a new array. */
export function symmetricPart(a: SquareMatrix): Float64Array {
  const { n, data } = a;
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Cannot take eigenvalues: size must be a positive integer, got ${n}`);
  }
  if (data.length !== n * n) {
    throw new RangeError(
      `Cannot take eigenvalues: a ${n} x ${n} matrix needs ${n * n} entries, got ${data.length}`,
    );
  }
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const aij = data[i * n + j]!;
      const aji = data[j * n + i]!;
      if (!Number.isFinite(aij) || !Number.isFinite(aji)) {
        throw new RangeError(
          `Cannot take eigenvalues: entry (${i}, ${j}) must be finite, got ${
            Number.isFinite(aij) ? aji : aij
          }`,
        );
      }
      const s = 0.5 * (aij + aji);
      m[i * n + j] = s;
      m[j * n + i] = s;
    }
  }
  return m;
}

/**
 * All eigenvalues of the symmetric part of `a`, ascending, in float64. A float32 kernel read back
 * from the device is symmetric only up to rounding, hence the symmetrisation.
 *
 * @example
 * symmetricEigenvalues({ n: 2, data: [2, 1, 1, 2] }); // Float64Array [1, 3]
 */
export function symmetricEigenvalues(a: SquareMatrix): Float64Array {
  const sym = symmetricPart(a);
  const n = a.n;
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) m.setRow(i, sym.subarray(i * n, (i + 1) * n));
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  return Float64Array.from(evd.realEigenvalues).sort();
}

/**
 * The same eigenvalues as `symmetricEigenvalues` by the eigenvalues-only tridiagonal QL
 * (no eigenvectors: about 3x faster at n ~ 2000).
 *
 * @example
 * eigenvaluesOnly({ n: 2, data: [2, 1, 1, 2] }); // Float64Array [1, 3]
 */
export function eigenvaluesOnly(a: SquareMatrix): Float64Array {
  return tridiagonalQlEigenvalues(symmetricPart(a), a.n);
}

/**
 * Spectral norm ||A - B||_2 of the difference of two symmetric matrices: the largest |eigenvalue|
 * of A - B.
 */
export function symmetricDistance(
  a: SquareMatrix,
  b: SquareMatrix,
  solver: EigenSolver = symmetricEigenvalues,
): number {
  if (a.n !== b.n || a.data.length !== b.data.length) {
    throw new RangeError(
      `Cannot compare kernels: sizes differ, got ${a.n} x ${a.n} and ${b.n} x ${b.n}`,
    );
  }
  const diff = new Float64Array(a.data.length);
  for (let i = 0; i < diff.length; i++) diff[i] = a.data[i]! - b.data[i]!;
  const eig = solver({ n: a.n, data: diff });
  return Math.max(Math.abs(eig[0]!), Math.abs(eig[eig.length - 1]!));
}
