import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import type { NtkSeries } from "../report/schema.ts";
import { perSampleNtk } from "../ntk/per_sample_ntk.ts";
import { symmetricDistance, symmetricEigenvalues } from "../linalg/sym_eigen.ts";
import { lipschitzEstimate, theoryCheck } from "./theory_check.ts";

await tf.setBackend("cpu");

/**
 * Two parameters, two inputs: f(x; a, w) = a x + w^2 / 2 on x = (1, -1). The Jacobian rows are
 * (x_i, w), so K = [[1 + w^2, w^2 - 1], [w^2 - 1, 1 + w^2]] with eigenvalues 2 and 2 w^2, and
 * K(theta) - K(theta_0) = (w^2 - w0^2) 11^T with spectral norm 2 |w^2 - w0^2|.
 */
const path = [[0, 1.5], [0.3, 1.4], [0.5, 1.2]];
const xs = tf.tensor2d([[1], [-1]]);

function kernelAt(a: number, w: number): Float64Array {
  const va = tf.variable(tf.scalar(a));
  const vw = tf.variable(tf.scalar(w));
  const k = perSampleNtk({
    variables: [va, vw],
    apply: (x) => tf.add(tf.mul(x.reshape([-1]), va), tf.div(tf.square(vw), 2)),
  }, xs);
  const out = Float64Array.from(k.dataSync());
  tf.dispose([k, va, vw]);
  return out;
}

Deno.test("theoryCheck() on a 2-parameter model matches the hand-computed NTK, L_K and bound", () => {
  const kernels = path.map(([a, w]) => kernelAt(a!, w!));
  // NTK by hand at theta_0 = (0, 1.5): eigenvalues 2 and 4.5
  const eig0 = symmetricEigenvalues({ n: 2, data: kernels[0]! });
  assert.ok(Math.abs(eig0[0]! - 2) < 1e-6 && Math.abs(eig0[1]! - 4.5) < 1e-6, String(eig0));
  const shift = kernels.map((k) =>
    symmetricDistance({ n: 2, data: k }, { n: 2, data: kernels[0]! })
  );
  // by hand: 2 |1.96 - 2.25| = 0.58 and 2 |1.44 - 2.25| = 1.62
  assert.ok(Math.abs(shift[1]! - 0.58) < 1e-5 && Math.abs(shift[2]! - 1.62) < 1e-5, String(shift));
  const drift = path.map(([a, w]) => Math.hypot(a!, w! - 1.5)); // 0, sqrt(0.1), sqrt(0.34)
  const eigs = kernels.map((k) => symmetricEigenvalues({ n: 2, data: k }));
  const ntk: NtkSeries = {
    epoch: [0, 1, 2],
    lambdaMin: eigs.map((e) => e[0]!),
    lambdaMax: eigs.map((e) => e[1]!),
    kernelShift: shift,
    drift,
    k: 2,
    belowNoiseFloor: [false, false, false],
  };
  // L_K = max(0.58 / sqrt(0.1), 1.62 / sqrt(0.34)) = 2.77828...; R = sqrt(0.34)
  const lk = 1.62 / Math.sqrt(0.34);
  assert.ok(Math.abs(lipschitzEstimate(ntk)! - lk) < 1e-5);
  const check = theoryCheck(ntk, "full", drift, 2);
  assert.ok(Math.abs(check.radius! - Math.sqrt(0.34)) < 1e-12);
  assert.equal(check.weylVacuous, false); // 2 > max shift 1.62
  // mu = (lambda_0 - L_K R) / n = (2 - 1.62) / 2 = 0.19
  assert.ok(Math.abs(check.plBound! - 0.19) < 1e-5, String(check.plBound));
  assert.equal(check.plBoundKernel, "full");
  // The bound holds along the path: for targets y, the measured PL ratio with L* = 0 is at least
  // lambda_min(K_t) / n >= plBound (L = 1/(2n) ||r||^2, grad L = J^T r / n).
  const y = [0.3, 0.9];
  path.forEach(([a, w], t) => {
    const r = [a! * 1 + w! * w! / 2 - y[0]!, a! * -1 + w! * w! / 2 - y[1]!];
    const loss = (r[0]! ** 2 + r[1]! ** 2) / 4;
    const gradA = (r[0]! * 1 + r[1]! * -1) / 2;
    const gradW = (r[0]! * w! + r[1]! * w!) / 2;
    const ratio = (gradA ** 2 + gradW ** 2) / (2 * loss);
    assert.ok(ratio >= eigs[t]![0]! / 2 - 1e-6, `epoch ${t}: ratio ${ratio}`);
    assert.ok(ratio >= check.plBound!, `epoch ${t}: ratio ${ratio}`);
  });
});

Deno.test("theoryCheck() reports a vacuous Weyl bound and a negative PL bound", () => {
  const ntk: NtkSeries = {
    epoch: [0, 5],
    lambdaMin: [1, 0.2],
    lambdaMax: [3, 3],
    kernelShift: [0, 2],
    drift: [0, 1],
    k: 2,
    belowNoiseFloor: [false, false],
  };
  const check = theoryCheck(ntk, "subset", [0, 0.5, 1], 10);
  assert.deepEqual(check, {
    lipschitzK: 2,
    radius: 1,
    plBound: -0.1,
    plBoundKernel: "subset",
    weylVacuous: true, // ||K_5 - K_0||_2 = 2 > lambda_0 = 1
  });
});

Deno.test("lipschitzEstimate() skips probes without drift and is null when none moved", () => {
  assert.equal(lipschitzEstimate({ kernelShift: [0, 0], drift: [0, 0] }), null);
  assert.equal(lipschitzEstimate({ kernelShift: [0, 3, 1], drift: [0, 2, 0.1] }), 10);
  const none = theoryCheck(undefined, "subset", [0, 2], 5);
  assert.deepEqual(none, {
    lipschitzK: null,
    radius: 2,
    plBound: null,
    plBoundKernel: null,
    weylVacuous: null,
  });
});
