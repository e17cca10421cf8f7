import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { buildCnn } from "./cnn.ts";
import { groupNorm, groupsFor } from "./cnn_group_norm.ts";

await tf.setBackend("wasm");

/** Parameters counted layer by layer, by hand, for base c and input channels ci. */
function handCount(c: number, ci: number, classes: number): number {
  const conv = (k: number, cin: number, cout: number) => k * k * cin * cout;
  const gn = (ch: number) => 2 * ch;
  let total = conv(3, ci, c) + gn(c); // stem
  total += 2 * (conv(3, c, c) + gn(c) + conv(3, c, c) + gn(c)); // stage 1, no shortcut convs
  // stage 2: block 1 downsamples c -> 2c with a 1x1 shortcut (+ its GroupNorm), block 2 is plain
  total += conv(3, c, 2 * c) + gn(2 * c) + conv(3, 2 * c, 2 * c) + gn(2 * c) + conv(1, c, 2 * c) +
    gn(2 * c);
  total += conv(3, 2 * c, 2 * c) + gn(2 * c) + conv(3, 2 * c, 2 * c) + gn(2 * c);
  // stage 3: the same from 2c to 4c
  total += conv(3, 2 * c, 4 * c) + gn(4 * c) + conv(3, 4 * c, 4 * c) + gn(4 * c) +
    conv(1, 2 * c, 4 * c) + gn(4 * c);
  total += conv(3, 4 * c, 4 * c) + gn(4 * c) + conv(3, 4 * c, 4 * c) + gn(4 * c);
  return total + 4 * c * classes + classes; // linear head
}

Deno.test("buildCnn() has the hand-counted number of parameters", () => {
  for (const [c, ci] of [[4, 1], [8, 3], [16, 3]] as const) {
    const model = buildCnn({
      inputShape: [8, 8, ci],
      baseChannels: c,
      classes: 5,
      groups: 8,
      seed: 0,
    });
    assert.equal(model.params, handCount(c, ci, 5));
    assert.equal(model.params, 676 * c * c + (9 * ci + 90) * c + 5);
    assert.equal(model.variables.length, 1 + 2 + 6 * 6 + 2 * 3 + 2);
    model.dispose();
  }
});

Deno.test("buildCnn().apply() maps [n, H, W, C] images to [n, 5] outputs without leaking", () => {
  for (const shape of [[3, 28, 28, 1], [2, 32, 32, 3], [1, 9, 9, 1]] as const) {
    const model = buildCnn({
      inputShape: [shape[1], shape[2], shape[3]],
      baseChannels: 4,
      classes: 5,
      groups: 2,
      seed: 1,
    });
    const x = tf.randomUniform([...shape]);
    const before = tf.memory().numTensors;
    const y = model.apply(x);
    assert.deepEqual(y.shape, [shape[0], 5]);
    assert.ok(Array.from(y.dataSync()).every(Number.isFinite));
    y.dispose();
    assert.equal(tf.memory().numTensors, before);
    x.dispose();
    model.dispose();
  }
});

Deno.test("buildCnn() draws the same He-normal weights from the same seed", () => {
  const opts = { inputShape: [8, 8, 3] as [number, number, number], baseChannels: 8, classes: 5 };
  const a = buildCnn({ ...opts, groups: 8, seed: 3 });
  const b = buildCnn({ ...opts, groups: 8, seed: 3 });
  const other = buildCnn({ ...opts, groups: 8, seed: 4 });
  const values = (m: typeof a, i: number) => Array.from(m.variables[i]!.dataSync());
  assert.deepEqual(values(a, 0), values(b, 0));
  assert.notDeepEqual(values(a, 0), values(other, 0));
  // The last 3x3 conv of stage 3 has 9 * 32 * 32 weights; its std should be sqrt(2 / (9 * 32)).
  const big = values(a, a.variables.length - 5);
  assert.equal(big.length, 9 * 32 * 32);
  const std = Math.sqrt(big.reduce((s, v) => s + v * v, 0) / big.length);
  assert.ok(Math.abs(std / Math.sqrt(2 / (9 * 32)) - 1) < 0.03, `std ${std}`);
  [a, b, other].forEach((m) => m.dispose());
});

Deno.test("groupNorm() matches a direct loop over samples and groups", () => {
  const [n, h, w, c, g] = [2, 3, 4, 6, 3];
  const xs = Array.from({ length: n * h * w * c }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)));
  const gamma = [0.5, 1, 1.5, 2, -1, 0.25];
  const beta = [0, 0.1, -0.2, 0.3, 0, 1];
  const y = tf.tidy(() =>
    groupNorm(tf.tensor4d(xs, [n, h, w, c]), tf.tensor1d(gamma), tf.tensor1d(beta), g).dataSync()
  );
  const per = c / g;
  for (let s = 0; s < n; s++) {
    for (let grp = 0; grp < g; grp++) {
      const idx: number[] = [];
      for (let p = 0; p < h * w; p++) {
        for (let k = 0; k < per; k++) idx.push((s * h * w + p) * c + grp * per + k);
      }
      const mean = idx.reduce((a, i) => a + xs[i]!, 0) / idx.length;
      const variance = idx.reduce((a, i) => a + (xs[i]! - mean) ** 2, 0) / idx.length;
      for (const i of idx) {
        const ch = i % c;
        const want = (xs[i]! - mean) / Math.sqrt(variance + 1e-5) * gamma[ch]! + beta[ch]!;
        assert.ok(Math.abs(y[i]! - want) < 1e-4, `sample ${s} group ${grp}: ${y[i]} vs ${want}`);
      }
    }
  }
});

Deno.test("groupsFor() refuses a group count that does not divide the channels", () => {
  assert.equal(groupsFor(4, 8), 4);
  assert.equal(groupsFor(16, 8), 8);
  assert.throws(() => groupsFor(12, 8), /Invalid groups 8: .* got 12 channels/);
  assert.throws(
    () => buildCnn({ inputShape: [8, 8, 1], baseChannels: 6, classes: 5, groups: 4, seed: 0 }),
    /Invalid groups 4/,
  );
});

Deno.test("buildCnn() draws the head with PyTorch's Linear variance 1 / (3 fanIn)", () => {
  const model = buildCnn({
    inputShape: [8, 8, 1],
    baseChannels: 64,
    classes: 5,
    groups: 8,
    seed: 2,
  });
  const head = Array.from(model.variables[model.variables.length - 2]!.dataSync());
  assert.equal(head.length, 256 * 5);
  const std = Math.sqrt(head.reduce((s, v) => s + v * v, 0) / head.length);
  assert.ok(Math.abs(std * Math.sqrt(3 * 256) - 1) < 0.1, `std ${std}`);
  model.dispose();
});
