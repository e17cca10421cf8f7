import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { structuredNtk, structuredNtkBlocked } from "./structured_ntk.ts";
import { perSampleNtk } from "./per_sample_ntk.ts";
import {
  finiteDifferenceJacobian,
  flatParams,
  minAbsPreActivation,
  mlpApply,
  mlpForward64,
  smallMlp,
} from "./test_nets.ts";
import { createMlp, disposeMlp, mlpForward } from "../model/mlp.ts";

await tf.setBackend("cpu");

function assertThrows(fn: () => unknown, includes: string): void {
  assert.throws(fn, (e: unknown) => e instanceof RangeError && e.message.includes(includes));
}

/** Largest |a - b| over max |b|: float32 kernels agree to this relative level. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

// float32 accumulation over a few hundred terms: 1e-5 relative to the largest entry.
const TOLERANCE = 1e-5;

Deno.test("structuredNtk() equals the per-sample NTK on a small 3-hidden-layer MLP", () => {
  const dims = [5, 7, 6, 4, 1];
  const mlp = smallMlp(dims, 1, 0.7);
  const x = tf.randomNormal([9, 5], 0, 1, "float32", 11) as tf.Tensor2D;
  const fast = structuredNtk(mlp, x);
  const slow = perSampleNtk({ variables: mlp.variables, apply: (t) => mlpApply(mlp, t) }, x);
  assert.deepStrictEqual(fast.shape, [9, 9]);
  const err = relativeError(fast.dataSync(), slow.dataSync());
  assert.ok(err < TOLERANCE, `relative error ${err}`);
  tf.dispose([fast, slow, x, ...mlp.variables]);
});

Deno.test("structuredNtkBlocked() equals structuredNtk() with uneven row blocks", async () => {
  const mlp = smallMlp([4, 8, 8, 1], 3);
  const x = tf.randomNormal([11, 4], 0, 1, "float32", 5) as tf.Tensor2D;
  const whole = structuredNtk(mlp, x);
  const before = tf.memory().numTensors;
  const blocked = await structuredNtkBlocked(mlp, x, 4);
  assert.deepStrictEqual(tf.memory().numTensors, before, "no tensor leaks");
  const err = relativeError(blocked, whole.dataSync());
  assert.ok(err < TOLERANCE, `relative error ${err}`);
  tf.dispose([whole, x, ...mlp.variables]);
});

Deno.test("structuredNtk() leaves no tensors behind", () => {
  const mlp = smallMlp([3, 4, 1], 2);
  const x = tf.randomNormal([5, 3]) as tf.Tensor2D;
  const before = tf.memory().numTensors;
  structuredNtk(mlp, x).dispose();
  assert.deepStrictEqual(tf.memory().numTensors, before);
  tf.dispose([x, ...mlp.variables]);
});

Deno.test("structuredNtk() refuses a vector-output MLP and mismatched inputs", () => {
  const mlp = smallMlp([3, 4, 2], 2);
  const x = tf.zeros([5, 3]) as tf.Tensor2D;
  assertThrows(() => structuredNtk(mlp, x), "last fanOut 1), got 2");
  const scalar = smallMlp([3, 4, 1], 2);
  const wrong = tf.zeros([5, 6]) as tf.Tensor2D;
  assertThrows(() => structuredNtk(scalar, wrong), "inputs have 6 features");
  tf.dispose([x, wrong, ...mlp.variables, ...scalar.variables]);
});

Deno.test("structuredNtk() accepts the project's Mlp, output scale included", () => {
  const mlp = createMlp({ inputDim: 6, width: 5, depth: 3, seed: 4, outputScale: 0.5 });
  const variables = mlp.layers.flatMap((l) => [l.w, l.b]);
  const x = tf.randomNormal([7, 6], 0, 1, "float32", 2) as tf.Tensor2D;
  const fast = structuredNtk(mlp, x);
  const slow = perSampleNtk({ variables, apply: (t) => mlpForward(mlp, t as tf.Tensor2D) }, x);
  const err = relativeError(fast.dataSync(), slow.dataSync());
  assert.ok(err < TOLERANCE, `relative error ${err}`);
  tf.dispose([fast, slow, x]);
  disposeMlp(mlp);
});

Deno.test("structuredNtk() of a ReLU MLP equals J J^T from float64 central differences and the per-sample NTK", () => {
  const dims = [4, 6, 5, 1];
  const mlp = smallMlp(dims, 5, 1.2, "relu");
  const xs = [[0.3, -1.2, 0.8, 0.5], [1.5, 0.1, -0.4, -0.9], [-0.7, 0.9, 0.2, 1.1], [
    0,
    0.4,
    1,
    -0.3,
  ]];
  const theta = flatParams(mlp.variables);
  const h = 1e-6;
  // ReLU is linear on each side of its kink: differences of step h are exact up to rounding as
  // long as no pre-activation lies within h of 0, which this net and these inputs keep by far
  assert.ok(minAbsPreActivation(dims, theta, xs) > 100 * h);
  const jac = finiteDifferenceJacobian(
    (t, x) => mlpForward64(dims, t, x, "relu").map((v) => v * 1.2),
    theta,
    xs,
    1,
    h,
  );
  const k = xs.length;
  const p = theta.length;
  const reference = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let q = 0; q < p; q++) s += jac[i * p + q]! * jac[j * p + q]!;
      reference[i * k + j] = s;
    }
  }
  const x = tf.tensor2d(xs);
  const fast = structuredNtk(mlp, x);
  const slow = perSampleNtk({ variables: mlp.variables, apply: (t) => mlpApply(mlp, t) }, x);
  const err = relativeError(fast.dataSync(), reference);
  assert.ok(err < TOLERANCE, `relative error against differences ${err}`);
  assert.ok(relativeError(fast.dataSync(), slow.dataSync()) < TOLERANCE);
  // the Softplus kernel of the same weights is another kernel: the activation is not ignored
  const softplus = structuredNtk({ ...mlp, activation: "softplus" }, x);
  assert.ok(relativeError(softplus.dataSync(), reference) > 100 * TOLERANCE);
  tf.dispose([fast, slow, softplus, x, ...mlp.variables]);
});
