/**
 * Cost of the float64 symmetric eigenvalues (ml-matrix) at the probe-subset sizes and at the full
 * MLP training set (n = 1976):  deno bench -A src/linalg/sym_eigen_bench.ts
 */
import { symmetricEigenvalues } from "./sym_eigen.ts";
import { tridiagonalQlEigenvalues } from "./tridiagonal_ql.ts";

/**
 * A dense symmetric matrix with a kernel-like spectrum (d_i = 1 / (i + 1)^2, i.e. condition n^2):
 * H D H with the Householder reflection H = I - 2 v v^T / (v^T v), built in O(n^2).
 */
function gram(n: number, seed: number): Float64Array {
  let s = seed;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    v[i] = s / 2147483648 - 0.5;
  }
  const d = Float64Array.from({ length: n }, (_, i) => 1 / (i + 1) ** 2);
  let vv = 0;
  let vdv = 0;
  for (let i = 0; i < n; i++) {
    vv += v[i]! * v[i]!;
    vdv += v[i]! * d[i]! * v[i]!;
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = (i === j ? d[i]! : 0) -
        (2 * (v[i]! * d[j]! * v[j]! + d[i]! * v[i]! * v[j]!)) / vv +
        (4 * v[i]! * v[j]! * vdv) / (vv * vv);
    }
  }
  return out;
}

for (const n of [128, 256]) {
  const data = gram(n, n);
  Deno.bench({
    name: `eigenvalues n=${n}`,
    n: 10,
    fn: () => void symmetricEigenvalues({ n, data }),
  });
}

const big = gram(1976, 1);
Deno.bench({
  name: "eigenvalues n=1976 (full training set)",
  n: 1,
  warmup: 0,
  fn: () => void symmetricEigenvalues({ n: 1976, data: big }),
});

Deno.bench({
  name: "eigenvalues only, tridiagonal QL, n=1976",
  n: 2,
  warmup: 0,
  fn: () => void tridiagonalQlEigenvalues(Float64Array.from(big), 1976),
});
