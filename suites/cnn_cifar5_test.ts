import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/backend/backend.ts";
import { CIFAR_RECORD_BYTES, CIFAR_TEST_FILE, CIFAR_TRAIN_FILES } from "../src/data/cifar.ts";
import { validateReport } from "../src/spool/validate.ts";
import { reportOf } from "../src/testing/run_context.ts";
import { cnnCifar5Suite } from "./cnn_cifar5.ts";

const env = await selectBackend("wasm");

/** The smallest CNN cell: c = 2, 20 images, 2 epochs, a 3-input NTK probe. */
const tiny = {
  ...cnnCifar5Suite.defaults,
  width: 2,
  groups: 2,
  trainSize: 20,
  epochs: 2,
  batchSize: 8,
  microBatch: 7,
  ntkK: 3,
};

Deno.test("cnn-cifar5 smallest config runs end to end on the MNIST fallback into a valid report", async () => {
  const beats: number[] = [];
  const ctx = {
    env,
    onEpoch: (b: { epoch: number }) => beats.push(b.epoch),
    dataDir: null,
  };
  const before = tf.memory().numTensors;
  const outcome = await cnnCifar5Suite.run(tiny, ctx);
  assert.equal(tf.memory().numTensors, before);
  const report = validateReport(reportOf(tiny, outcome, ctx));
  assert.equal(report.status, "complete");
  assert.deepEqual(report.series.epoch, [0, 1, 2]);
  assert.deepEqual(beats, [0, 1, 2]);
  assert.equal(report.params, 676 * 4 + (9 + 90) * 2 + 5);
  assert.equal(outcome.trainSize, 20);
  assert.equal(report.series.drift[0], 0);
  assert.ok(report.series.gradNormSq.every((g) => g > 0));
  const ntk = report.series.ntk!;
  assert.deepEqual([ntk.epoch, ntk.k, ntk.kernelShift[0]], [[0, 2], 3, 0]);
  assert.equal(ntk.drift[1], report.series.drift[2]);
  assert.ok(ntk.lambdaMax[0]! > 0);
  assert.ok(report.notes.some((n) => /uses MNIST digits 0,1,2,3,4/.test(n)));
  assert.ok(report.notes.some((n) => /15x15 kernel .* s per probe/.test(n)));
});

Deno.test("cnn-cifar5 reads CIFAR-10 binary files from --data-dir (32x32x3 input)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnn_cifar5_test_" });
  try {
    for (const [f, name] of [...CIFAR_TRAIN_FILES, CIFAR_TEST_FILE].entries()) {
      const bytes = new Uint8Array(10 * CIFAR_RECORD_BYTES);
      for (let r = 0; r < 10; r++) {
        bytes[r * CIFAR_RECORD_BYTES] = r;
        for (let p = 1; p < CIFAR_RECORD_BYTES; p += 7) {
          bytes[r * CIFAR_RECORD_BYTES + p] = (p * (r + f)) % 256;
        }
      }
      await Deno.writeFile(`${dir}/${name}`, bytes);
    }
    const ctx = { env, onEpoch: () => {}, dataDir: dir };
    const config = { ...tiny, trainSize: 10, epochs: 1, ntkK: 0 };
    const outcome = await cnnCifar5Suite.run(config, ctx);
    validateReport(reportOf(config, outcome, ctx));
    assert.equal(outcome.params, 676 * 4 + (27 + 90) * 2 + 5);
    assert.ok(outcome.notes[0]!.includes("CIFAR-10 train classes 0,1,2,3,4"));
    assert.ok(!outcome.notes.some((n) => n.includes("MNIST")));
    assert.equal(outcome.series.ntk, undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cnn-cifar5 reports a huge step size as diverged, with the epoch", async () => {
  const ctx = { env, onEpoch: () => {}, dataDir: null };
  const config = { ...tiny, lr: 1e6, epochs: 3, ntkK: 0 };
  const outcome = await cnnCifar5Suite.run(config, ctx);
  assert.equal(outcome.status, "diverged");
  assert.ok(outcome.divergedAt !== null && outcome.divergedAt >= 1);
  assert.equal(outcome.series.epoch.length, outcome.divergedAt);
  validateReport(reportOf(config, outcome, ctx));
});

Deno.test("cnn-cifar5 defaults follow the paper where it is legible: momentum 0.9, batch 128, seeds 0-2", () => {
  const d = cnnCifar5Suite.defaults;
  assert.deepEqual([d.momentum, d.batchSize, d.classes], [0.9, 128, "0,1,2,3,4"]);
  assert.deepEqual(cnnCifar5Suite.grid.seed, [0, 1, 2]);
});

Deno.test("cnn-cifar5 announces the MNIST fallback only when no data folder is given", () => {
  const notice = cnnCifar5Suite.dataNotice?.(null) ?? null;
  assert.ok(notice !== null && notice.includes("instead of CIFAR-10"), `got ${notice}`);
  assert.equal(cnnCifar5Suite.dataNotice?.("/data/cifar-10-batches-bin"), null);
});
