import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { buildCnn } from "../model/cnn.ts";
import { ignoreWithout, WEBGPU_ADAPTER } from "../testing/system_parts.ts";
import {
  accumulateFullGradient,
  fullDiagnostics,
  halfSquaredErrorSum,
} from "./sgd_full_diagnostics.ts";
import { cosineLr, trainSgdMomentum } from "./sgd_momentum.ts";

await selectBackend("wasm");

/** A tiny CNN and data: 10 images 8x8x1, one-hot targets over 5 classes. */
function tinyProblem() {
  const model = buildCnn({
    inputShape: [8, 8, 1],
    baseChannels: 2,
    classes: 5,
    groups: 2,
    seed: 7,
  });
  const x = tf.randomUniform([10, 8, 8, 1], 0, 1, "float32", 11);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 0, 1, 2, 3, 4], "int32"), 5)
    .toFloat() as tf.Tensor2D;
  return { model, x, y };
}

Deno.test("accumulateFullGradient() over uneven micro-batches equals the one-shot full gradient", () => {
  const { model, x, y } = tinyProblem();
  const oneShot = tf.variableGrads(
    () => tf.div(halfSquaredErrorSum(model.apply(x), y), 10) as tf.Scalar,
    model.variables,
  );
  for (const micro of [3, 4, 10]) {
    const acc = accumulateFullGradient(model, x, y, micro);
    // float32 sums in a different order: agree to 1e-5 of the largest component (plus 1e-7).
    assert.ok(Math.abs(acc.loss.dataSync()[0]! / oneShot.value.dataSync()[0]! - 1) < 1e-6);
    model.variables.forEach((v, i) => {
      const want = Array.from(oneShot.grads[v.name]!.dataSync());
      const got = acc.grads[i]!.dataSync();
      const scale = want.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
      for (let j = 0; j < want.length; j++) {
        assert.ok(
          Math.abs(got[j]! - want[j]!) <= 1e-5 * scale + 1e-7,
          `var ${i}[${j}], micro ${micro}`,
        );
      }
    });
    tf.dispose([acc.loss, acc.correct, ...acc.grads]);
  }
  tf.dispose([oneShot.value, ...Object.values(oneShot.grads), x, y]);
  model.dispose();
});

Deno.test("fullDiagnostics() reports ||grad L||^2 of the one-shot gradient, zero drift and accuracy", async () => {
  const { model, x, y } = tinyProblem();
  const { value, grads } = tf.variableGrads(
    () => tf.div(halfSquaredErrorSum(model.apply(x), y), 10) as tf.Scalar,
    model.variables,
  );
  const want = Object.values(grads).reduce((s, g) => s + g.square().sum().dataSync()[0]!, 0);
  const predicted = model.apply(x).argMax(1).dataSync();
  const wantAcc = Array.from(predicted).filter((p, i) => p === i % 5).length / 10;
  const theta0 = model.variables.map((v) => v.clone());
  const d = await fullDiagnostics(model, theta0, x, y, 3);
  assert.ok(Math.abs(d.gradNormSq / want - 1) < 1e-4, `${d.gradNormSq} vs ${want}`);
  assert.ok(Math.abs(d.loss / value.dataSync()[0]! - 1) < 1e-6);
  assert.equal(d.drift, 0);
  assert.ok(Math.abs(d.accuracy - wantAcc) < 1e-6);
  tf.dispose([value, ...Object.values(grads), ...theta0, x, y]);
  model.dispose();
});

Deno.test("trainSgdMomentum() matches a hand-computed momentum step with cosine step sizes", async () => {
  // Linear model f(x) = x W on 4 rows; batch = n, so each epoch is one full-gradient step.
  const X = [[1, 0, 2], [0, 1, -1], [1, 1, 0], [2, -1, 1]];
  const Y = [[1, 0], [0, 1], [1, 0], [0, 1]];
  const W0 = [[0.1, -0.2], [0.3, 0.0], [-0.1, 0.2]];
  const w = tf.variable(tf.tensor2d(W0));
  const model = { variables: [w], apply: (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, w) };
  const x = tf.tensor2d(X);
  const y = tf.tensor2d(Y) as tf.Tensor2D;
  const opts = { epochs: 2, lr: 0.3, momentum: 0.9, batchSize: 4, microBatch: 3, seed: 0 };
  const result = await trainSgdMomentum(model, x, y, opts);
  // Reference in plain JS: grad = X^T (X W - Y) / n; v = 0.9 v + grad; W -= lr_e v.
  let W = W0.map((r) => [...r]);
  let v = W0.map((r) => r.map(() => 0));
  for (let e = 1; e <= 2; e++) {
    const R = X.map((xr, i) =>
      [0, 1].map((k) => xr.reduce((s, xi, j) => s + xi * W[j]![k]!, 0) - Y[i]![k]!)
    );
    const g = W.map((_, j) =>
      [0, 1].map((k) => X.reduce((s, xr, i) => s + xr[j]! * R[i]![k]!, 0) / 4)
    );
    v = v.map((r, j) => r.map((vv, k) => 0.9 * vv + g[j]![k]!));
    const step = e === 1 ? 0.3 : 0.15;
    W = W.map((r, j) => r.map((ww, k) => ww - step * v[j]![k]!));
  }
  const got = w.arraySync();
  W.forEach((r, j) =>
    r.forEach((ww, k) => assert.ok(Math.abs(got[j]![k]! - ww) < 1e-6, `W[${j}][${k}]`))
  );
  assert.equal(result.status, "complete");
  assert.deepEqual(result.records.map((r) => r.epoch), [0, 1, 2]);
  assert.deepEqual(result.records.map((r) => r.lr), [0.3, 0.3, cosineLr(0.3, 2, 2)]);
  assert.ok(Math.abs(cosineLr(0.3, 2, 2) - 0.15) < 1e-12);
  tf.dispose([w, x, y]);
});

Deno.test("trainSgdMomentum() on the CNN lowers the loss and leaks no tensors", async () => {
  const { model, x, y } = tinyProblem();
  const before = tf.memory().numTensors;
  const opts = { epochs: 3, lr: 0.05, momentum: 0.9, batchSize: 4, microBatch: 4, seed: 1 };
  const beats: number[] = [];
  const result = await trainSgdMomentum(model, x, y, opts, (r) => {
    beats.push(r.epoch);
  });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(beats, [0, 1, 2, 3]);
  const losses = result.records.map((r) => r.loss);
  assert.ok(losses[3]! < losses[0]!, `losses ${losses}`);
  assert.equal(result.records[0]!.drift, 0);
  assert.ok(result.records[3]!.drift > 0);
  tf.dispose([x, y]);
  model.dispose();
});

Deno.test("trainSgdMomentum() stops with status diverged at the first non-finite epoch", async () => {
  const w = tf.variable(tf.tensor2d([[1, 1]]));
  const model = { variables: [w], apply: (x: tf.Tensor) => tf.matMul(x as tf.Tensor2D, w) };
  const x = tf.tensor2d([[100], [-80], [60]]);
  const y = tf.tensor2d([[0, 1], [1, 0], [0, 1]]) as tf.Tensor2D;
  const opts = { epochs: 50, lr: 10, momentum: 0.9, batchSize: 3, microBatch: 2, seed: 0 };
  const before = tf.memory().numTensors;
  const result = await trainSgdMomentum(model, x, y, opts);
  assert.equal(result.status, "diverged");
  assert.ok(result.divergedAt !== null && result.divergedAt > 0);
  assert.equal(result.records.length, result.divergedAt);
  assert.ok(result.records.every((r) => Number.isFinite(r.loss)));
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([w, x, y]);
});

Deno.test({
  name:
    "fullDiagnostics() gives the wasm numbers on webgpu (47 variables, past webgpu's addN limit)",
  ignore: await ignoreWithout(import.meta.url, WEBGPU_ADAPTER),
}, async () => {
  const run = async (backend: "wasm" | "webgpu") => {
    await selectBackend(backend);
    const { model, x, y } = tinyProblem();
    const theta0 = model.variables.map((v) => tf.mul(v, 0.5));
    const d = await fullDiagnostics(model, theta0, x, y, 3);
    tf.dispose([...theta0, x, y]);
    model.dispose();
    return d;
  };
  const want = await run("wasm");
  const got = await run("webgpu");
  await selectBackend("wasm");
  for (const key of ["loss", "gradNormSq", "drift", "accuracy"] as const) {
    assert.ok(Math.abs(got[key] / want[key] - 1) < 1e-5, `${key}: ${got[key]} vs ${want[key]}`);
  }
});
