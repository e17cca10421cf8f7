import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { KernelRecord, NtkTracker, probeIndices, probeSchedule } from "./ntk_tracker.ts";
import { perSampleNtk } from "./per_sample_ntk.ts";
import { eigenvaluesOnly, symmetricDistance, symmetricEigenvalues } from "../linalg/sym_eigen.ts";
import { mlpApply, smallMlp } from "./test_nets.ts";

await tf.setBackend("cpu");

Deno.test("probeSchedule() probes epoch 0, every probeEvery epochs and the last epoch", () => {
  assert.deepEqual(probeSchedule(25, 10), [0, 10, 20, 25]);
  assert.deepEqual(probeSchedule(20, 10), [0, 10, 20]);
  assert.deepEqual(probeSchedule(0, 10), [0]);
  assert.throws(() => probeSchedule(20, 0), /probeEvery: expected a positive integer, got 0/);
});

Deno.test("NtkTracker records subset and full kernels against the per-sample reference", async () => {
  const mlp = smallMlp([3, 6, 5, 1], 9);
  const all = tf.randomNormal([12, 3], 0, 1, "float32", 4) as tf.Tensor2D;
  const idx = probeIndices(12, 5, 0);
  const probe = tf.gather(all, idx) as tf.Tensor2D;
  const tracker = new NtkTracker({
    probeInputs: probe,
    fullInputs: all,
    epochs: 4,
    probeEvery: 2,
    blockRows: 5,
  });
  assert.deepEqual([...tracker.epochs].sort(), [0, 2, 4]);
  const model = { variables: mlp.variables, apply: (x: tf.Tensor) => mlpApply(mlp, x) };
  const reference: Float64Array[] = [];
  const before = tf.memory().numTensors;
  for (const epoch of [0, 2, 4]) {
    if (epoch > 0) {
      // a deterministic "update" of every weight
      mlp.variables.forEach((v) => {
        const next = tf.mul(v, 1 + 0.05 * epoch);
        v.assign(next);
        next.dispose();
      });
    }
    const k = perSampleNtk(model, probe);
    reference.push(Float64Array.from(k.dataSync()));
    k.dispose();
    await tracker.run(epoch, mlp, 0.1 * epoch);
  }
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
  const { ntk, fullNtk } = tracker.result();
  assert.deepEqual(ntk.epoch, [0, 2, 4]);
  assert.deepEqual(ntk.drift, [0, 0.2, 0.4]);
  assert.equal(ntk.k, 5);
  reference.forEach((ref, i) => {
    const eig = symmetricEigenvalues({ n: 5, data: ref });
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(eig[4]!);
    assert.ok(rel(ntk.lambdaMin[i]!, eig[0]!) < 1e-5, `lambda_min at probe ${i}`);
    assert.ok(rel(ntk.lambdaMax[i]!, eig[4]!) < 1e-5, `lambda_max at probe ${i}`);
    const shift = symmetricDistance({ n: 5, data: ref }, { n: 5, data: reference[0]! });
    assert.ok(rel(ntk.kernelShift[i]!, shift) < 1e-5, `shift at probe ${i}`);
  });
  assert.equal(ntk.kernelShift[0], 0);
  assert.ok(fullNtk !== undefined);
  assert.deepEqual(fullNtk.epoch, [0, 4]);
  assert.equal(fullNtk.k, 12);
  // interlacing: the full kernel's lambda_min is at most the subset's
  assert.ok(fullNtk.lambdaMin[0]! <= ntk.lambdaMin[0]! * (1 + 1e-5));
  assert.ok(fullNtk.lambdaMax[0]! >= ntk.lambdaMax[0]! * (1 - 1e-5));
  assert.equal(tracker.notes().length, 0);
  tf.dispose([all, probe, ...mlp.variables]);
});

Deno.test("NtkTracker skips a non-finite kernel with a note instead of failing the run", async () => {
  const mlp = smallMlp([2, 3, 1], 1);
  const probe = tf.randomNormal([4, 2]) as tf.Tensor2D;
  const tracker = new NtkTracker({ probeInputs: probe, epochs: 1, probeEvery: 1 });
  await tracker.run(0, mlp, 0);
  mlp.variables[0]!.assign(tf.fill([2, 3], NaN));
  await tracker.run(1, mlp, 1);
  assert.deepEqual(tracker.result().ntk.epoch, [0]);
  assert.equal(tracker.result().fullNtk, undefined);
  assert.match(tracker.notes()[0]!, /epoch 1 skipped/);
  tf.dispose([probe, ...mlp.variables]);
});

Deno.test("NtkTracker refuses full-kernel epochs outside the run", () => {
  const probe = tf.zeros([2, 2]) as tf.Tensor2D;
  assert.throws(
    () =>
      new NtkTracker({
        probeInputs: probe,
        fullInputs: probe,
        epochs: 10,
        probeEvery: 5,
        fullEpochs: [0, 11],
      }),
    /fullEpochs: expected integers in 0\.\.10, got 11/,
  );
  probe.dispose();
});

Deno.test("KernelRecord of a large kernel (n > 512): extremes by its solver, shift by Lanczos, K_0 kept", () => {
  const n = 520;
  const kernel = (scale: number, seed: number) => {
    // A A^T / n with A n x 40: positive semidefinite, like an NTK
    let s = seed;
    const a = Float64Array.from(
      { length: n * 40 },
      () => (s = (s * 69069 + 1) % 4294967296) / 4294967296,
    );
    const k = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let v = 0;
        for (let p = 0; p < 40; p++) v += a[i * 40 + p]! * a[j * 40 + p]!;
        k[i * n + j] = scale * v / n;
      }
    }
    return k;
  };
  const k0 = kernel(1, 3);
  const k1 = kernel(1.1, 5);
  const k0Copy = Float64Array.from(k0);
  const want = symmetricDistance({ n, data: k1 }, { n, data: k0 }, eigenvaluesOnly);
  const wantEig = eigenvaluesOnly({ n, data: k1 });
  const record = new KernelRecord(n, eigenvaluesOnly);
  assert.ok(record.add(0, k0, 0, 40));
  assert.ok(record.add(5, k1, 0.3, 40));
  assert.deepEqual(k0, k0Copy, "K_0 is kept as it was");
  const s = record.series;
  assert.ok(Math.abs(s.kernelShift[1]! - want) <= 1e-9 * want, `${s.kernelShift[1]} vs ${want}`);
  assert.ok(Math.abs(s.lambdaMax[1]! - wantEig[n - 1]!) <= 1e-12 * wantEig[n - 1]!);
  assert.equal(s.lambdaMin[1], wantEig[0]);
});
