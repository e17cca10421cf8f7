import assert from "node:assert/strict";
import { eigenvaluesOnly, symmetricDistance, symmetricEigenvalues } from "./sym_eigen.ts";
import { float32NoiseFloor, kernelSpectrum } from "./spectrum.ts";
import { assertAllClose } from "../testing/assert_close.ts";

/** Q diag(d) Q^T with Q a product of Givens rotations (orthogonal by construction). */
function rotated(d: number[], seed: number): Float64Array {
  const n = d.length;
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  let s = seed;
  for (let r = 0; r < 3 * n; r++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const i = s % n;
    const j = (i + 1 + (s >> 8) % (n - 1)) % n;
    const t = (s % 1000) / 1000 * Math.PI;
    const c = Math.cos(t);
    const sn = Math.sin(t);
    for (let row = 0; row < n; row++) {
      const a = q[row * n + i]!;
      const b = q[row * n + j]!;
      q[row * n + i] = c * a - sn * b;
      q[row * n + j] = sn * a + c * b;
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let k = 0; k < n; k++) v += q[i * n + k]! * d[k]! * q[j * n + k]!;
      out[i * n + j] = v;
    }
  }
  return out;
}

function diag(d: number[]): Float64Array {
  const n = d.length;
  const out = new Float64Array(n * n);
  d.forEach((v, i) => out[i * n + i] = v);
  return out;
}

// float64 Householder + QL is backward stable: errors ~ n * 1e-16 * ||A||; 1e-12 * ||A|| is ample.
Deno.test("symmetricEigenvalues() returns a diagonal matrix's entries in ascending order", () => {
  const d = [3, -1, 0.5, 7, 2];
  assertAllClose(
    symmetricEigenvalues({ n: 5, data: diag(d) }),
    [-1, 0.5, 2, 3, 7],
    1e-14,
    "eigenvalue",
  );
});

Deno.test("symmetricEigenvalues() recovers a known spectrum after an orthogonal rotation", () => {
  const d = [1e-3, 0.25, 1, 4, 9, 16, 100, 250];
  const got = symmetricEigenvalues({ n: 8, data: rotated(d, 42) });
  assertAllClose(got, d, 1e-12 * 250, "eigenvalue");
});

Deno.test("symmetricEigenvalues() finds the zero eigenvalues of a rank-2 Gram matrix", () => {
  // K = J J^T with J (6 x 2): rank 2, four zero eigenvalues.
  const j = [[1, 2], [0, 1], [3, -1], [2, 2], [-1, 0], [0.5, 0.5]];
  const n = j.length;
  const k = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) k[a * n + b] = j[a]![0]! * j[b]![0]! + j[a]![1]! * j[b]![1]!;
  }
  // Nonzero eigenvalues of J J^T are those of J^T J = [[15.25, 3.25], [3.25, 10.25]].
  const tr = 25.5;
  const det = 15.25 * 10.25 - 3.25 * 3.25;
  const disc = Math.sqrt(tr * tr / 4 - det);
  const got = symmetricEigenvalues({ n, data: k });
  assertAllClose(got, [0, 0, 0, 0, tr / 2 - disc, tr / 2 + disc], 1e-12 * 20, "eigenvalue");
  // a float32 kernel of 2 inner terms: noise floor 2 eps32 sqrt(2) max K_ii, far above 1e-12
  const s = kernelSpectrum(got, float32NoiseFloor(k, n, 2));
  assert.equal(s.belowNoiseFloor, true);
  assert.equal(s.condition === null || s.condition > 1e12, true);
});

Deno.test("symmetricEigenvalues() uses the symmetric part of a slightly asymmetric matrix", () => {
  const got = symmetricEigenvalues({ n: 2, data: [2, 1 + 1e-7, 1 - 1e-7, 2] });
  assertAllClose(got, [1, 3], 1e-14, "eigenvalue");
});

Deno.test("symmetricEigenvalues() refuses a wrong size and non-finite entries", () => {
  assert.throws(
    () => symmetricEigenvalues({ n: 3, data: [1, 2, 3, 4] }),
    /a 3 x 3 matrix needs 9 entries, got 4/,
  );
  assert.throws(
    () => symmetricEigenvalues({ n: 2, data: [1, NaN, NaN, 1] }),
    /entry \(1, 0\) must be finite, got NaN/,
  );
});

Deno.test("symmetricDistance() is the largest |eigenvalue| of the difference", () => {
  const a = rotated([1, 2, 3, 4], 7);
  const b = rotated([1, 2, 3, 4], 7);
  b[0] = b[0]! - 5; // A - B = 5 e1 e1^T: spectral norm 5
  assert.ok(Math.abs(symmetricDistance({ n: 4, data: a }, { n: 4, data: b }) - 5) < 1e-12);
  const c = diag([0, -6, 1, 0]);
  assert.ok(
    Math.abs(symmetricDistance({ n: 4, data: c }, { n: 4, data: diag([0, 0, 0, 0]) }) - 6) < 1e-14,
  );
});

Deno.test("eigenvaluesOnly() recovers the same known spectra and distances", () => {
  const d = [1e-3, 0.25, 1, 4, 9, 16, 100, 250];
  assertAllClose(eigenvaluesOnly({ n: 8, data: rotated(d, 42) }), d, 1e-12 * 250, "eigenvalue");
  const a = rotated([1, 2, 3, 4], 7);
  const b = Float64Array.from(a);
  b[5] = b[5]! + 3; // A - B = -3 e2 e2^T
  const dist = symmetricDistance({ n: 4, data: a }, { n: 4, data: b }, eigenvaluesOnly);
  assert.ok(Math.abs(dist - 3) < 1e-12);
  assert.throws(() => eigenvaluesOnly({ n: 2, data: [1, 2, 3] }), /needs 4 entries, got 3/);
});
