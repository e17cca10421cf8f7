import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { buildCnn } from "../model/cnn.ts";
import { createMlp, disposeMlp, mlpForward } from "../model/mlp.ts";
import { disposeDeviceData, toDevice } from "../train/mlp_backprop.ts";
import { autodiffCurvatureAt } from "./autodiff_hvp.ts";
import { mlpCurvatureAt, mlpParameters } from "./mlp_hvp.ts";
import { centralHvp } from "./testdata/mlp_grad64.ts";
import { cnnForward64 } from "./testdata/cnn_forward64.ts";
import { seededRng } from "../util/random.ts";

await selectBackend("wasm");

function maxAbs(v: ArrayLike<number>): number {
  return Math.max(...Array.from(v, Math.abs));
}

async function productOf(h: { apply(v: tf.Tensor1D): tf.Tensor1D }, v: Float64Array) {
  const out = tf.tidy(() => h.apply(tf.tensor1d(Float32Array.from(v))));
  const got = Float64Array.from(await out.data());
  out.dispose();
  return got;
}

Deno.test("autodiffCurvatureAt() H v of a tiny CNN equals float64 central differences of its float64 gradient to 1e-4", async () => {
  const opts = { baseChannels: 2, classes: 3, groups: 2 };
  const model = buildCnn({ inputShape: [5, 5, 1], ...opts, seed: 3 });
  const rng = seededRng(11);
  const m = 2;
  const pixels = Float64Array.from({ length: m * 25 }, () => rng.normal());
  const labels = [0, 2];
  const x = tf.tensor4d(Float32Array.from(pixels), [m, 5, 5, 1]);
  const y = tf.oneHot(tf.tensor1d(labels, "int32"), 3).asType("float32") as tf.Tensor2D;
  const theta = Float64Array.from(
    (await Promise.all(model.variables.map((v) => v.data()))).flatMap((d) => Array.from(d)),
  );
  // a unit direction: the differences below step 1e-4 along it, far from the ReLUs' kinks
  const raw = Float64Array.from(theta, () => rng.normal());
  const v = raw.map((r) => r / Math.hypot(...raw));
  const h = await autodiffCurvatureAt(model, x, y, 1);
  assert.equal(h.dim, theta.length);
  const got = await productOf(h, v);
  const images = { n: m, h: 5, w: 5, c: 1, data: pixels };
  const loss = (t: Float64Array) => {
    const out = cnnForward64(t, images, opts);
    let s = 0;
    out.forEach((o, i) => (s += (o - (labels[Math.floor(i / 3)] === i % 3 ? 1 : 0)) ** 2));
    return s / (2 * m);
  };
  assert.ok(Math.abs(loss(theta) - h.loss) < 1e-5 * h.loss, `${loss(theta)} vs ${h.loss}`);
  // the float64 gradient by central differences of the float64 loss (h = 1e-4: truncation
  // ~1e-8, rounding ~1e-12), and H v by central differences of that gradient
  const gradient = (t: Float64Array) =>
    t.map((_, j) => {
      const up = Float64Array.from(t);
      up[j] = up[j]! + 1e-4;
      const down = Float64Array.from(t);
      down[j] = down[j]! - 1e-4;
      return (loss(up) - loss(down)) / 2e-4;
    });
  const want = centralHvp(gradient, theta, v, 1e-4);
  const scale = maxAbs(want);
  want.forEach((w, i) =>
    assert.ok(Math.abs(got[i]! - w) <= 1e-4 * scale, `entry ${i}: ${got[i]} vs ${w}`)
  );
  h.dispose();
  tf.dispose([x, y]);
  model.dispose();
});

Deno.test("autodiffCurvatureAt() and the MLP's R-operator give the same H v, in one batch or in micro-batches", async () => {
  const n = 9;
  const rng = seededRng(2);
  const xs = Float32Array.from({ length: n * 5 }, () => rng.uniform());
  const ys = Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1));
  const mlp = createMlp({ inputDim: 5, width: 6, depth: 2, seed: 4 });
  const data = toDevice(xs, ys, n);
  const params = mlpParameters(mlp);
  // the loss 1/(2n) sum (f - y)^2 of the scalar-output MLP is the one-hot loss with one class
  const model = { variables: params, apply: (x: tf.Tensor) => mlpForward(mlp, x as tf.Tensor2D) };
  const v = Float64Array.from(
    { length: params.reduce((s, p) => s + p.size, 0) },
    () => rng.normal(),
  );
  const rop = await mlpCurvatureAt(mlp, data);
  const want = await productOf(rop, v);
  for (const microBatch of [n, 4, 1]) {
    const h = await autodiffCurvatureAt(model, data.x, data.y, microBatch);
    assert.ok(Math.abs(h.loss - rop.loss) < 1e-6);
    const got = await productOf(h, v);
    const scale = maxAbs(want);
    want.forEach((w, i) =>
      assert.ok(Math.abs(got[i]! - w) <= 1e-4 * scale, `micro-batch ${microBatch} entry ${i}`)
    );
    h.dispose();
  }
  rop.dispose();
  disposeDeviceData(data);
  disposeMlp(mlp);
});

Deno.test("autodiffCurvatureAt() refuses a bad micro-batch size with the value", async () => {
  const model = { variables: [] as tf.Variable[], apply: (x: tf.Tensor) => x };
  const x = tf.zeros([2, 1]) as tf.Tensor2D;
  await assert.rejects(() => autodiffCurvatureAt(model, x, x, 0), /positive integer, got 0/);
  x.dispose();
});
