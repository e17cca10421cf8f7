import assert from "node:assert/strict";
import { lanczosSpectralNorm } from "./lanczos_norm.ts";
import { symmetricEigenvalues } from "./sym_eigen.ts";

/** Seeded symmetric matrix with entries in [-1, 1) plus `diag` on the diagonal. */
function randomSymmetric(n: number, seed: number, diag = 0): Float64Array {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = next() + (i === j ? diag : 0);
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

Deno.test("lanczosSpectralNorm() matches the largest |eigenvalue| of ml-matrix to 1e-9", () => {
  for (const [n, seed, diag] of [[50, 1, 0], [300, 2, 0], [300, 3, -4], [200, 4, 6]] as const) {
    const a = randomSymmetric(n, seed, diag);
    const eig = symmetricEigenvalues({ n, data: a });
    const exact = Math.max(Math.abs(eig[0]!), Math.abs(eig[n - 1]!));
    const got = lanczosSpectralNorm(a, n, 120);
    assert.ok(Math.abs(got - exact) <= 1e-9 * exact, `n=${n}: ${got} vs ${exact}`);
  }
});

Deno.test("lanczosSpectralNorm() finds a negative dominant eigenvalue and a rank-one matrix", () => {
  assert.equal(lanczosSpectralNorm([2, 0, 0, -5], 2), 5);
  const n = 40;
  const v = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = v[i]! * v[j]!;
  const expected = v.reduce((s, x) => s + x * x, 0);
  assert.ok(Math.abs(lanczosSpectralNorm(a, n) - expected) <= 1e-12 * expected);
});

Deno.test("lanczosSpectralNorm() refuses a matrix of the wrong size", () => {
  assert.throws(() => lanczosSpectralNorm([1, 2, 3], 2), /expected 2 x 2 = 4 entries, got 3/);
});
