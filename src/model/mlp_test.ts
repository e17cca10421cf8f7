import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import {
  countParams,
  createMlp,
  disposeMlp,
  initialMlpValues,
  initStd,
  mlpForward,
  mlpParamCount,
} from "./mlp.ts";
import { activate64, type Activation, ACTIVATIONS } from "./activation.ts";

Deno.test("mlpParamCount() matches Table 1 of paper 004 for widths 128 to 1024", () => {
  assert.equal(mlpParamCount(784, 128), 150_145);
  assert.equal(mlpParamCount(784, 256), 398_593);
  assert.equal(mlpParamCount(784, 512), 1_190_401);
  assert.equal(mlpParamCount(784, 1024), 3_953_665);
  assert.throws(() => mlpParamCount(784, 0), /width must be a positive integer, got 0/);
});

Deno.test("createMlp() builds [fanIn, fanOut] layers whose sizes add up to mlpParamCount()", async () => {
  await selectBackend("wasm");
  const before = tf.memory().numTensors;
  const mlp = createMlp({ inputDim: 784, width: 128, seed: 0 });
  assert.deepEqual(mlp.layers.map((l) => l.w.shape), [[784, 128], [128, 128], [128, 128], [
    128,
    128,
  ], [128, 1]]);
  assert.equal(countParams(mlp), 150_145);
  assert.deepEqual(Array.from(await mlp.layers[2]!.b.data()), new Array(128).fill(0));
  disposeMlp(mlp);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("initialMlpValues() draws He weights: sample std within 3% of sqrt(2 / fanIn)", () => {
  const values = initialMlpValues({ inputDim: 784, width: 256, seed: 3 });
  const fanIns = [784, 256, 256, 256];
  fanIns.forEach((fanIn, l) => {
    const w = values[l]!.w;
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    // relative std error of a sample std is 1/sqrt(2N) < 0.2% here
    assert.ok(Math.abs(std / Math.sqrt(2 / fanIn) - 1) < 0.03, `layer ${l}: ${std}`);
  });
  assert.equal(initStd(100, { init: "depth-scaled-he", depth: 4 }), Math.sqrt(2 / 100 / 4));
  assert.equal(initStd(100, { initScale: 0.5 }), Math.sqrt(2 / 100 * 0.5));
  assert.deepEqual(values, initialMlpValues({ inputDim: 784, width: 256, seed: 3 }));
  assert.notDeepEqual(
    values[0]!.w.subarray(0, 8),
    initialMlpValues({ inputDim: 784, width: 256, seed: 4 })[0]!.w.subarray(0, 8),
  );
});

for (const activation of ACTIVATIONS) {
  Deno.test(`mlpForward() with ${activation} on wasm equals a float64 host forward pass to 1e-5`, async () => {
    await selectBackend("wasm");
    const opts = { inputDim: 5, width: 7, depth: 3, seed: 11, outputScale: 2.5, activation };
    const values = initialMlpValues(opts);
    const xs = [[0.1, -0.4, 0.3, 0.9, 0], [1, 0.5, -0.2, 0.2, 0.7]];
    const mlp = createMlp(opts);
    assert.equal(mlp.activation, activation);
    const x = tf.tensor2d(xs);
    const out = mlpForward(mlp, x);
    const got = Array.from(await out.data());
    const want = xs.map((row) => {
      let a = row;
      values.forEach(({ w, b }, l) => {
        const fanOut = b.length;
        const z = Array.from(
          { length: fanOut },
          (_, j) => a.reduce((s, v, i) => s + v * w[i * fanOut + j]!, b[j]!),
        );
        a = l + 1 < values.length ? z.map((v) => activate64(v, activation)) : z;
      });
      return 2.5 * a[0]!;
    });
    got.forEach((g, i) =>
      assert.ok(Math.abs(g - want[i]!) < 1e-5 * (1 + Math.abs(want[i]!)), `${g} vs ${want[i]}`)
    );
    tf.dispose([x, out]);
    disposeMlp(mlp);
  });
}

Deno.test("createMlp() is Softplus by default and refuses an unknown activation", () => {
  const mlp = createMlp({ inputDim: 2, width: 2, depth: 1, seed: 0 });
  assert.equal(mlp.activation, "softplus");
  disposeMlp(mlp);
  assert.throws(
    () => createMlp({ inputDim: 2, width: 2, seed: 0, activation: "tanh" as Activation }),
    /Unknown activation "tanh": expected one of softplus, relu/,
  );
});
