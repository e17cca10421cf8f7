import assert from "node:assert/strict";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { tridiagonalQlEigenvalues } from "./tridiagonal_ql.ts";

function randomSymmetric(n: number, seed: number): Float64Array {
  let s = seed;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const v = s / 2147483648 - 0.5;
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

function libraryEigenvalues(a: Float64Array, n: number): number[] {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]!);
  return new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues.sort((x, y) =>
    x - y
  );
}

// Both are backward stable in float64: eigenvalues agree to a few n * 1e-16 * ||A||.
Deno.test("tridiagonalQlEigenvalues() agrees with ml-matrix's solver on random matrices", () => {
  for (const [n, seed] of [[1, 3], [2, 5], [3, 7], [40, 11], [201, 13]] as const) {
    const a = randomSymmetric(n, seed);
    const expected = libraryEigenvalues(a, n);
    const got = tridiagonalQlEigenvalues(Float64Array.from(a), n);
    const norm = Math.max(...expected.map(Math.abs));
    expected.forEach((v, i) => {
      assert.ok(
        Math.abs(got[i]! - v) <= 1e-12 * norm * n,
        `n=${n} eigenvalue ${i}: ${got[i]} vs ${v}`,
      );
    });
  }
});

Deno.test("tridiagonalQlEigenvalues() handles diagonal and rank-deficient Gram matrices", () => {
  const diag = new Float64Array(16);
  [4, -2, 0, 1].forEach((v, i) => diag[i * 4 + i] = v);
  assert.deepEqual(Array.from(tridiagonalQlEigenvalues(diag, 4)), [-2, 0, 1, 4]);
  // rank one: x x^T with |x|^2 = 30
  const x = [1, 2, 3, 4];
  const g = Float64Array.from({ length: 16 }, (_, k) => x[k >> 2]! * x[k & 3]!);
  const got = tridiagonalQlEigenvalues(g, 4);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(got[i]!) < 1e-13, String(got[i]));
  assert.ok(Math.abs(got[3]! - 30) < 1e-13);
});
