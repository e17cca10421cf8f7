import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/backend/backend.ts";
import { validateReport } from "../src/spool/validate.ts";
import { reportOf } from "../src/testing/run_context.ts";
import { expandGrid } from "../src/sweep/grid.ts";
import { mlpMnistSuite } from "./mlp_mnist.ts";
import {
  WIDTH_ABLATION_LR,
  WIDTH_ABLATION_REDUCED_LR,
  widthAblationSuite,
} from "./width_ablation.ts";

Deno.test("width-ablation smallest config runs the mlp-mnist cell and measures its stability edge", async () => {
  const env = await selectBackend("wasm");
  const ctx = { env, onEpoch: () => {}, dataDir: null };
  const config = {
    ...widthAblationSuite.defaults,
    width: 8,
    epochs: 3,
    trainSize: 40,
    probeEvery: 1,
    ntkK: 8,
    fullNtk: true,
  };
  const before = tf.memory().numTensors;
  const outcome = await widthAblationSuite.run(config, ctx);
  assert.equal(tf.memory().numTensors, before);
  const report = validateReport(reportOf(config, outcome, ctx));
  assert.equal(report.status, "complete");
  assert.equal(report.suite, "width-ablation");
  assert.deepEqual(report.series.epoch, [0, 1, 2, 3]);
  const lambdaMax0 = report.series.fullNtk!.lambdaMax[0]!;
  const etaMax = outcome.extraSummary!.etaMax as number;
  assert.ok(Math.abs(etaMax - 2 * 40 / lambdaMax0) <= 1e-12 * etaMax);
  assert.ok(report.notes.some((n) => n.startsWith("edge of stability 2n / lambda_max(K_0) = ")));
  // The same cell under mlp-mnist gives the same trajectory: the ablation reuses its run.
  const direct = await mlpMnistSuite.run({ ...config, suite: "mlp-mnist" }, ctx);
  assert.deepEqual(direct.series.loss, outcome.series.loss);
});

Deno.test("width-ablation's shared step sits between the edges of widths 512 and 1024, the reduced one below 1024's", () => {
  // 2n / lambda_max(full-data NTK at He init), raw pixels, the default 2000 samples, measured on
  // this project (width_ablation.ts: etaMax of each cell of the default sweep).
  const edge = { 128: 0.0046, 256: 0.0023, 512: 0.0011, 1024: 0.00064 };
  assert.deepEqual(widthAblationSuite.grid.width, [128, 256, 512, 1024]);
  assert.equal(widthAblationSuite.defaults.lr, WIDTH_ABLATION_LR);
  assert.ok(WIDTH_ABLATION_LR < edge[512] && WIDTH_ABLATION_LR > edge[1024]);
  assert.ok(WIDTH_ABLATION_LR < 2 * edge[1024], "past the edge, but not past twice it");
  assert.ok(WIDTH_ABLATION_REDUCED_LR < edge[1024]);
  assert.deepEqual(widthAblationSuite.cells, [{ width: 1024, lr: WIDTH_ABLATION_REDUCED_LR }]);
  assert.deepEqual(widthAblationSuite.keys, mlpMnistSuite.keys);
});

Deno.test("width-ablation expands to the four widths at the shared step, then 1024 at the reduced step", () => {
  const plan = expandGrid(widthAblationSuite, [], []);
  assert.deepEqual(
    plan.cells.map((c) => [c.config.width, c.config.lr]),
    [[128, 0.001], [256, 0.001], [512, 0.001], [1024, 0.001], [1024, 0.0004]],
  );
  assert.ok(plan.cells.every((c) => c.config.seed === 0));
});
