import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { gradientGroups, perSampleJacobian, perSampleNtk } from "./per_sample_ntk.ts";
import {
  finiteDifferenceJacobian,
  flatParams,
  mlpApply,
  mlpForward64,
  smallMlp,
} from "./test_nets.ts";

await tf.setBackend("cpu");

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** J J^T in float64 on the host. */
function gram(j: Float64Array, rows: number, cols: number): Float64Array {
  const k = new Float64Array(rows * rows);
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < rows; b++) {
      let s = 0;
      for (let p = 0; p < cols; p++) s += j[a * cols + p]! * j[b * cols + p]!;
      k[a * rows + b] = s;
    }
  }
  return k;
}

// Central differences in float64 with h = 1e-5 have truncation error ~h^2 and rounding ~1e-11;
// the float32 autodiff Jacobian is exact up to float32 rounding (~1e-6 relative), so 1e-5
// relative to the largest entry separates a correct Jacobian from any wrong one.
const TOLERANCE = 1e-5;

Deno.test("perSampleJacobian() equals central finite differences of a scalar MLP", () => {
  const dims = [3, 5, 4, 1];
  const mlp = smallMlp(dims, 7, 1.3);
  const xs = [[0.3, -1.2, 0.8], [1.5, 0.1, -0.4], [-0.7, 0.9, 0.2], [0, 0, 1]];
  const jac = perSampleJacobian(
    { variables: mlp.variables, apply: (t) => mlpApply(mlp, t).reshape([-1]) },
    tf.tensor2d(xs),
  );
  const theta = flatParams(mlp.variables);
  const fd = finiteDifferenceJacobian(
    (t, x) => mlpForward64(dims, t, x).map((v) => v * 1.3),
    theta,
    xs,
    1,
  );
  assert.deepStrictEqual(jac.shape, [4, theta.length]);
  const err = maxAbsDiff(jac.dataSync(), fd) / maxAbs(fd);
  jac.dispose();
  assert.ok(err < TOLERANCE, `relative error ${err}`);
  tf.dispose(mlp.variables);
});

Deno.test("perSampleNtk() of a 3-output net equals the finite-difference kernel, sample-major", () => {
  const dims = [2, 6, 3];
  const mlp = smallMlp(dims, 21);
  const xs = [[0.5, -0.5], [1, 2], [-1.5, 0.25]];
  const model = { variables: mlp.variables, apply: (t: tf.Tensor) => mlpApply(mlp, t) };
  const k = perSampleNtk(model, tf.tensor2d(xs));
  assert.deepStrictEqual(k.shape, [9, 9]);
  const theta = flatParams(mlp.variables);
  const fd = finiteDifferenceJacobian((t, x) => mlpForward64(dims, t, x), theta, xs, 3);
  const expected = gram(fd, 9, theta.length);
  const err = maxAbsDiff(k.dataSync(), expected) / maxAbs(expected);
  assert.ok(err < TOLERANCE, `relative error ${err}`);
  tf.dispose([k, ...mlp.variables]);
});

Deno.test("perSampleNtk() equals J J^T of perSampleJacobian() and leaks nothing", () => {
  const mlp = smallMlp([4, 9, 1], 4);
  const x = tf.randomNormal([6, 4]);
  const model = { variables: mlp.variables, apply: (t: tf.Tensor) => mlpApply(mlp, t) };
  const before = tf.memory().numTensors;
  const k = perSampleNtk(model, x);
  const oneByOne = perSampleNtk(model, x, 1);
  const j = perSampleJacobian(model, x);
  const jj = tf.tidy(() => tf.matMul(j, tf.transpose(j)));
  assert.deepStrictEqual(tf.memory().numTensors, before + 4);
  const err = maxAbsDiff(k.dataSync(), jj.dataSync()) / maxAbs(jj.dataSync());
  assert.ok(err < 1e-6, `relative error ${err}`);
  const errGroups = maxAbsDiff(oneByOne.dataSync(), jj.dataSync()) / maxAbs(jj.dataSync());
  assert.ok(errGroups < 1e-6, `one variable per group: relative error ${errGroups}`);
  tf.dispose([k, oneByOne, j, jj, x, ...mlp.variables]);
});

Deno.test("gradientGroups() packs consecutive variables up to the byte budget, each once", () => {
  // 2 rows of float32: 80, 800, 40, 40 and 8000 bytes.
  assert.deepEqual(gradientGroups([10, 100, 5, 5, 1000], 2, 900), [[0, 1], [2, 3], [4]]);
  assert.deepEqual(gradientGroups([10, 100, 5, 5, 1000], 2, 1e9), [[0, 1, 2, 3, 4]]);
  assert.deepEqual(gradientGroups([10, 100, 5], 2, 1), [[0], [1], [2]]);
  assert.deepEqual(gradientGroups([], 2, 900), []);
});
