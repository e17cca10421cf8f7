/**
 * Eigenvalues of real symmetric matrices by LAPACK's `dsyevd` (float64, no eigenvectors: the
 * Householder tridiagonalisation in blocked BLAS-3/BLAS-2 code, then root-free QL) from the
 * system library, when one loads; `preferredEigenSolver` falls back to this project's own
 * JavaScript solvers otherwise.
 */
import { type Lapack, loadBlas } from "../blas/blas_library.ts";
import { type EigenSolver, type SquareMatrix, symmetricPart } from "./sym_eigen.ts";

const ptr = (a: ArrayBufferView) => Deno.UnsafePointer.of(a as ArrayBufferView<ArrayBuffer>);
const char = (c: string) => Uint8Array.of(c.charCodeAt(0));

function check(info: Int32Array, n: number): void {
  const code = info[0]!;
  if (code < 0) throw new Error(`LAPACK dsyevd: argument ${-code} was illegal (n = ${n})`);
  if (code > 0) {
    throw new Error(`LAPACK dsyevd: no convergence (info ${code}, n = ${n})`);
  }
}

/**
 * An EigenSolver on `lapack`: all eigenvalues of the symmetric part of a matrix, ascending.
 * The matrix is symmetrised into a scratch copy (LAPACK overwrites it), so peak memory is two
 * n x n float64 arrays.
 *
 * @example
 * const solve = lapackEigenSolver(loadBlas()!.lapack!);
 * solve({ n: 2, data: [2, 1, 1, 2] }); // Float64Array [1, 3]
 */
export function lapackEigenSolver(lapack: Lapack): EigenSolver {
  return (a: SquareMatrix): Float64Array => {
    const n = a.n;
    const work = symmetricPart(a);
    const w = new Float64Array(n);
    const size = Int32Array.of(n);
    const info = Int32Array.of(0);
    const jobz = char("N");
    const uplo = char("L");
    const query = new Float64Array(1);
    const iquery = new Int32Array(1);
    const minus1 = Int32Array.of(-1);
    lapack.dsyevd(
      ptr(jobz),
      ptr(uplo),
      ptr(size),
      ptr(work),
      ptr(size),
      ptr(w),
      ptr(query),
      ptr(minus1),
      ptr(iquery),
      ptr(minus1),
      ptr(info),
      1n,
      1n,
    );
    check(info, n);
    const lwork = Int32Array.of(Math.max(1, Math.ceil(query[0]!)));
    const liwork = Int32Array.of(Math.max(1, iquery[0]!));
    lapack.dsyevd(
      ptr(jobz),
      ptr(uplo),
      ptr(size),
      ptr(work),
      ptr(size),
      ptr(w),
      ptr(new Float64Array(lwork[0]!)),
      ptr(lwork),
      ptr(new Int32Array(liwork[0]!)),
      ptr(liwork),
      ptr(info),
      1n,
      1n,
    );
    check(info, n);
    return w;
  };
}

/** A solver and a name for reports, e.g. `LAPACK dsyevd (libopenblas.so.0)`. */
export interface NamedSolver {
  solve: EigenSolver;
  name: string;
}

/**
 * LAPACK's solver where the system library loads and exports it, else `fallback`.
 *
 * @example
 * const { solve, name } = preferredEigenSolver({ solve: eigenvaluesOnly, name: "Householder + QL" });
 */
export function preferredEigenSolver(fallback: NamedSolver): NamedSolver {
  const lapack = loadBlas()?.lapack ?? null;
  if (lapack === null) return fallback;
  return { solve: lapackEigenSolver(lapack), name: `LAPACK dsyevd (${lapack.library})` };
}
