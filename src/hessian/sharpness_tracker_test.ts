import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { createMlp, disposeMlp, type Mlp } from "../model/mlp.ts";
import { disposeDeviceData, toDevice } from "../train/mlp_backprop.ts";
import { trainFullBatchGd } from "../train/full_batch_gd.ts";
import { type Curvature, SharpnessTracker } from "./sharpness_tracker.ts";
import { mlpSharpnessTracker } from "./mlp_sharpness.ts";
import { mlpCurvatureAt } from "./mlp_hvp.ts";
import { lanczosTop } from "./lanczos.ts";
import { seededRng } from "../util/random.ts";

await selectBackend("wasm");

/** A "model" that is a symmetric matrix: its curvature is the matrix itself. */
function matrixCurvature(m: tf.Tensor2D): Promise<Curvature> {
  return Promise.resolve({
    dim: m.shape[0],
    apply: (v) => tf.reshape(tf.matMul(m, tf.reshape(v, [-1, 1])), [-1]) as tf.Tensor1D,
    dispose: () => {},
  });
}

function diagonal(values: number[]): tf.Tensor2D {
  return tf.diag(tf.tensor1d(values)) as tf.Tensor2D;
}

const options = {
  epochs: 25,
  every: 10,
  iters: 50,
  traceProbes: 0,
  seed: 3,
  samples: 7,
  fixedBatch: false,
};

Deno.test("SharpnessTracker probes at 0, every `every` epochs and the last, warm-starting each probe", async () => {
  const tracker = new SharpnessTracker(matrixCurvature, options);
  assert.deepEqual([...tracker.epochs], [0, 10, 20, 25]);
  const values = Array.from({ length: 100 }, (_, i) => Math.sin(i));
  for (const [epoch, top] of [[0, 5], [10, 5.5], [20, 6], [25, 6.2]] as [number, number][]) {
    const m = diagonal([...values.slice(1), top]);
    await tracker.run(epoch, m);
    m.dispose();
  }
  const s = tracker.series;
  assert.deepEqual(s.epoch, [0, 10, 20, 25]);
  s.sharpness.forEach((v, i) => assert.ok(Math.abs(v! - [5, 5.5, 6, 6.2][i]!) < 1e-3, `${v}`));
  assert.ok(
    s.iterations[3]! < s.iterations[0]!,
    `warm ${s.iterations[3]} vs cold ${s.iterations[0]}`,
  );
  assert.equal(s.samples, 7);
  assert.equal(s.fixedBatch, false);
  assert.equal(s.trace, undefined);
  assert.equal(tracker.seconds.length, 4);
  tracker.dispose();
});

Deno.test("SharpnessTracker records a failed probe as null with a note and goes on", async () => {
  const tracker = new SharpnessTracker(matrixCurvature, { ...options, traceProbes: 2 });
  const bad = tf.tensor2d([[NaN, 0], [0, 1]]);
  await tracker.run(0, bad);
  const good = diagonal([2, 1]);
  await tracker.run(10, good);
  assert.deepEqual(tracker.series.sharpness.map((v) => v === null ? null : Math.round(v)), [
    null,
    2,
  ]);
  assert.equal(tracker.series.trace?.[0], null);
  assert.ok(Math.abs(tracker.series.trace![1]! - 3) < 1e-6, "a diagonal's trace is exact");
  assert.match(tracker.notes()[0]!, /epoch 0 failed/);
  tf.dispose([bad, good]);
  tracker.dispose();
});

Deno.test("SharpnessTracker's saved part resumes a run bit for bit, also from a finished run's final state", async () => {
  const m = diagonal(Array.from({ length: 80 }, (_, i) => (i === 5 ? 4 : Math.cos(i))));
  const uninterrupted = new SharpnessTracker(matrixCurvature, options);
  for (const epoch of [0, 10, 20, 25]) await uninterrupted.run(epoch, m);
  const first = new SharpnessTracker(matrixCurvature, options);
  await first.run(0, m);
  await first.run(10, m);
  // through JSON, as a checkpoint file stores the fields (the vectors go as arrays)
  const saved = first.save();
  const part = { fields: JSON.parse(JSON.stringify(saved.fields)), arrays: saved.arrays };
  first.dispose();
  const resumed = new SharpnessTracker(matrixCurvature, options);
  assert.equal(resumed.partName, "sharpness");
  resumed.restore(part, 11);
  await resumed.run(20, m);
  await resumed.run(25, m);
  assert.deepEqual(resumed.series, uninterrupted.series);
  // a finished run's final state resumes at its last probe's epoch: that probe is taken again,
  // from the vector of the probe before it
  const final = resumed.save();
  const again = new SharpnessTracker(matrixCurvature, options);
  again.restore(final, 25);
  assert.deepEqual(again.series.epoch, [0, 10, 20]);
  await again.run(25, m);
  assert.deepEqual(again.series, uninterrupted.series);
  // another schedule is refused with the epochs it saw
  const other = new SharpnessTracker(matrixCurvature, { ...options, every: 5 });
  assert.throws(() => other.restore(final, 21), /saved sharpness probes \(epochs 0, 10, 20\)/);
  tf.dispose(m);
  for (const t of [resumed, again, other, uninterrupted]) t.dispose();
});

Deno.test("an MLP run records lambda_max(H) at its probes; the last equals a converged cold Lanczos at the final weights", async () => {
  const n = 24;
  const rng = seededRng(1);
  const x = Float32Array.from({ length: n * 6 }, () => rng.uniform());
  const y = Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1));
  const data = toDevice(x, y, n);
  const mlp: Mlp = createMlp({ inputDim: 6, width: 12, depth: 2, seed: 2 });
  const config = {
    suite: "t",
    seed: 0,
    epochs: 12,
    lr: 0.05,
    width: 12,
    hessianEvery: 5,
    hessianIters: 30,
    hessianTraceProbes: 0,
  };
  const tracker = mlpSharpnessTracker(data, config, "explicit")!;
  const result = await trainFullBatchGd(mlp, data, { epochs: 12, lr: 0.05, probe: tracker });
  assert.equal(result.status, "complete");
  assert.deepEqual(tracker.series.epoch, [0, 5, 10, 12]);
  const h = await mlpCurvatureAt(mlp, data);
  const converged = await lanczosTop(h, { maxIters: 200, tol: 1e-7, seed: 9 });
  const last = tracker.series.sharpness[3]!;
  assert.ok(
    Math.abs(last - converged.value) <= 1e-3 * converged.value,
    `${last} vs ${converged.value}`,
  );
  assert.equal(mlpSharpnessTracker(data, { ...config, hessianEvery: 0 }, "explicit"), null);
  converged.vector.dispose();
  h.dispose();
  tracker.dispose();
  disposeMlp(mlp);
  disposeDeviceData(data);
});
