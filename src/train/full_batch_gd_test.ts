import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { loadBinaryTask } from "../data/binary_task.ts";
import { createMlp, disposeMlp, type Mlp, mlpForward } from "../model/mlp.ts";
import { ignoreWithout, WEBGPU_ADAPTER } from "../testing/system_parts.ts";
import { disposeDeviceData, toDevice } from "./mlp_backprop.ts";
import { type GdResult, trainFullBatchGd } from "./full_batch_gd.ts";

const task = await loadBinaryTask({ trainSize: 128 });

async function run(
  backend: "wasm" | "webgpu",
  opts: {
    width: number;
    epochs: number;
    lr: number;
    probe?: Parameters<typeof trainFullBatchGd>[2]["probe"];
  },
): Promise<GdResult> {
  await selectBackend(backend);
  const before = tf.memory().numTensors;
  const data = toDevice(task.x, task.y, task.n);
  const mlp = createMlp({ inputDim: 784, width: opts.width, seed: 0 });
  const result = await trainFullBatchGd(mlp, data, opts);
  disposeMlp(mlp);
  disposeDeviceData(data);
  assert.equal(tf.memory().numTensors, before, "training leaks no tensors");
  return result;
}

Deno.test("trainFullBatchGd() records epochs 0..E with drift(1) = lr ||grad L(theta_0)|| exactly", async () => {
  const result = await run("wasm", { width: 16, epochs: 20, lr: 0.003 });
  const s = result.series;
  assert.equal(result.status, "complete");
  assert.equal(result.divergedAt, null);
  assert.deepEqual(s.epoch, Array.from({ length: 21 }, (_, i) => i));
  assert.equal(s.drift[0], 0);
  // theta_1 - theta_0 = -lr grad L(theta_0), an identity between two independently computed scalars
  const want = 0.003 * Math.sqrt(s.gradNormSq[0]!);
  assert.ok(Math.abs(s.drift[1]! - want) <= 1e-4 * want, `${s.drift[1]} vs ${want}`);
  assert.ok(s.loss[20]! < s.loss[0]!, "a small stable step lowers the loss");
  assert.ok(s.seconds.every((t, i) => i === 0 || t >= s.seconds[i - 1]!));
  assert.ok(s.lr.every((v) => v === 0.003));
});

Deno.test({
  name: "trainFullBatchGd() gives the same 20-epoch loss curve on wasm and webgpu to 1e-5 relative",
  ignore: await ignoreWithout(import.meta.url, WEBGPU_ADAPTER),
}, async () => {
  const wasm = await run("wasm", { width: 16, epochs: 20, lr: 0.003 });
  const webgpu = await run("webgpu", { width: 16, epochs: 20, lr: 0.003 });
  assert.equal(webgpu.series.loss.length, 21);
  // both are float32; the orders of summation differ, so agreement is to float32 noise amplified
  // by 20 steps (3e-7 measured)
  wasm.series.loss.forEach((l, i) => {
    const other = webgpu.series.loss[i]!;
    assert.ok(Math.abs(l - other) <= 1e-5 * l, `epoch ${i}: wasm ${l}, webgpu ${other}`);
  });
  wasm.series.gradNormSq.forEach((g, i) => {
    assert.ok(Math.abs(g - webgpu.series.gradNormSq[i]!) <= 1e-3 * g, `gradNormSq at epoch ${i}`);
  });
});

Deno.test("trainFullBatchGd() ends a run with a huge step as diverged at the first non-finite epoch", async () => {
  const result = await run("wasm", { width: 16, epochs: 200, lr: 50 });
  assert.equal(result.status, "diverged");
  assert.ok(result.divergedAt !== null && result.divergedAt > 0 && result.divergedAt < 200);
  assert.equal(result.series.epoch.length, result.divergedAt);
  assert.ok(result.series.loss.every(Number.isFinite));
});

Deno.test("trainFullBatchGd() probes theta_t before its update and reports each epoch", async () => {
  const seen: { epoch: number; loss: number; drift: number }[] = [];
  const beats: number[] = [];
  const probe = {
    epochs: new Set([0, 3, 5]),
    async run(epoch: number, mlp: Mlp, drift: number) {
      const x = tf.tensor2d(task.x, [task.n, 784]);
      const loss = tf.tidy(() =>
        tf.div(
          tf.sum(tf.square(tf.sub(mlpForward(mlp, x), tf.tensor2d(task.y, [task.n, 1])))),
          2 * task.n,
        )
      );
      seen.push({ epoch, loss: (await loss.data())[0]!, drift });
      tf.dispose([x, loss]);
    },
  };
  const result = await run(
    "wasm",
    {
      width: 16,
      epochs: 5,
      lr: 0.003,
      probe,
      onEpoch: (b: { epoch: number }) => beats.push(b.epoch),
    } as never,
  );
  assert.deepEqual(seen.map((p) => p.epoch), [0, 3, 5]);
  for (const p of seen) {
    const loss = result.series.loss[p.epoch]!;
    assert.ok(
      Math.abs(p.loss - loss) <= 1e-5 * loss,
      `epoch ${p.epoch}: probe sees ${p.loss}, series ${loss}`,
    );
    assert.equal(p.drift, result.series.drift[p.epoch]);
  }
  assert.deepEqual(beats, [0, 1, 2, 3, 4, 5]);
});

Deno.test("trainFullBatchGd() refuses a non-positive step", async () => {
  await assert.rejects(
    () => run("wasm", { width: 4, epochs: 1, lr: 0 }),
    /lr must be a positive number, got 0/,
  );
});
