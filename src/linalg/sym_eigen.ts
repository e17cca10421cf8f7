/**
 * Eigenvalues of real symmetric matrices in float64 on the host, with `ml-matrix`'s symmetric
 * eigensolver (Householder tridiagonalisation + implicit QL, the JAMA/EISPACK tred2/tql2 pair).
 *
 * Cost, measured on this project's 2-core machines (`deno bench -A src/linalg/`): about 0.03 s
 * at n = 128, 0.1 s at n = 256 and 13-20 s at n = 1976. The library always accumulates the
 * eigenvectors and has no eigenvalues-only mode; no well-kept npm package offers one (the LAPACK
 * ports on npm are either unmaintained or lack the symmetric drivers), so the full-training-set
 * kernel pays the full price and is therefore computed only at a few epochs (first and last).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

/** A square matrix in row-major order: `data[i * n + j]`. */
export interface SquareMatrix {
  n: number;
  data: ArrayLike<number>;
}

/** Checks shape and finiteness; returns the symmetric part (A + A^T) / 2 as an ml-matrix Matrix. */
function symmetricPart(a: SquareMatrix): Matrix {
  const { n, data } = a;
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Cannot take eigenvalues: size must be a positive integer, got ${n}`);
  }
  if (data.length !== n * n) {
    throw new RangeError(
      `Cannot take eigenvalues: a ${n} x ${n} matrix needs ${n * n} entries, got ${data.length}`,
    );
  }
  const m = new Matrix(n, n);
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
      m.set(i, j, s);
      m.set(j, i, s);
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
  const evd = new EigenvalueDecomposition(symmetricPart(a), { assumeSymmetric: true });
  return Float64Array.from(evd.realEigenvalues).sort();
}

/**
 * Spectral norm ||A - B||_2 of the difference of two symmetric matrices: the largest |eigenvalue|
 * of A - B.
 */
export function symmetricDistance(a: SquareMatrix, b: SquareMatrix): number {
  if (a.n !== b.n || a.data.length !== b.data.length) {
    throw new RangeError(
      `Cannot compare kernels: sizes differ, got ${a.n} x ${a.n} and ${b.n} x ${b.n}`,
    );
  }
  const diff = new Float64Array(a.data.length);
  for (let i = 0; i < diff.length; i++) diff[i] = a.data[i]! - b.data[i]!;
  const eig = symmetricEigenvalues({ n: a.n, data: diff });
  return Math.max(Math.abs(eig[0]!), Math.abs(eig[eig.length - 1]!));
}
