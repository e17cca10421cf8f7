import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/backend/backend.ts";
import { validateReport } from "../src/spool/validate.ts";
import { reportOf } from "../src/testing/run_context.ts";
import { fitDriftExponent } from "./lazy_scaling.ts";
import { lazyScalingMlpSuite } from "./lazy_scaling_mlp.ts";

Deno.test("lazy-scaling-mlp first step is exactly 1/alpha long, so the centring works", async () => {
  // at theta0 the centred residual is -y for every alpha, so the first GD step is
  // -(lr / (n alpha)) J^T (-y): alpha * drift after one epoch is the same for every alpha
  // (float32: 1e-4 relative); without the centring it would carry alpha f0 and grow with alpha
  const env = await selectBackend("wasm");
  const ctx = { env, onEpoch: () => {}, dataDir: null };
  const before = tf.memory().numTensors;
  const first: number[] = [];
  const reports = [];
  for (const alpha of [2, 32]) {
    const config = { ...lazyScalingMlpSuite.defaults, alpha, width: 8, trainSize: 40, epochs: 3 };
    const outcome = await lazyScalingMlpSuite.run(config, ctx);
    const report = validateReport(reportOf(config, outcome, ctx));
    assert.deepEqual(report.series.epoch, [0, 1, 2, 3]);
    assert.equal(report.series.drift[0], 0);
    // initial loss: sum y^2 / (2 n alpha^2) with y = +-1
    assert(Math.abs(report.series.loss[0]! - 1 / (2 * alpha * alpha)) < 1e-6 / alpha ** 2);
    first.push(alpha * report.series.drift[1]!);
    reports.push({
      ...report,
      summary: { ...report.summary, finalDrift: report.series.drift[3]! },
    });
  }
  assert(Math.abs(first[0]! / first[1]! - 1) < 1e-4, `alpha * drift after one step: ${first}`);
  const fit = fitDriftExponent(reports, "finalDrift", "lazy-scaling-mlp")!;
  assert(Math.abs(fit.exponent + 1) < 0.05, `exponent ${fit.exponent}`);
  assert.equal(tf.memory().numTensors, before);
});
