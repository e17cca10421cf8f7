import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/backend/backend.ts";
import type { Report } from "../src/report/schema.ts";
import { validateReport } from "../src/spool/validate.ts";
import { reportOf } from "../src/testing/run_context.ts";
import { initCompareSuite, initContrast, initVarianceFactor } from "./init_compare.ts";
import { makeReport } from "../src/testing/report_factory.ts";

Deno.test("init-compare smallest config runs both inits end to end into valid reports", async () => {
  const env = await selectBackend("wasm");
  const ctx = { env, onEpoch: () => {}, dataDir: null };
  const before = tf.memory().numTensors;
  const gradAt0: Record<string, number> = {};
  for (const init of ["he", "depth-scaled-he"]) {
    const config = {
      ...initCompareSuite.defaults,
      init,
      width: 8,
      epochs: 3,
      trainSize: 40,
      probeEvery: 0,
    };
    const outcome = await initCompareSuite.run(config, ctx);
    const report = validateReport(reportOf(config, outcome, ctx));
    assert.equal(report.status, "complete");
    assert.deepEqual(report.series.epoch, [0, 1, 2, 3]);
    assert.equal(outcome.extraSummary!.initVarianceFactor, init === "he" ? 1 : 0.25);
    assert(report.notes.some((n) => n.startsWith(`init ${init}: weight variance`)));
    gradAt0[init] = report.series.gradNormSq[0]!;
  }
  // a quarter of the variance in all five layers: a much smaller initial gradient
  assert(gradAt0["depth-scaled-he"]! < gradAt0["he"]!);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("initVarianceFactor() divides initScale by depth for depth-scaled He only", () => {
  const config = initCompareSuite.config;
  assert.equal(initVarianceFactor(config({ init: "he", initScale: 2 })), 2);
  assert.equal(
    initVarianceFactor(config({ init: "depth-scaled-he", initScale: 2, depth: 5 })),
    0.4,
  );
});

function reportOfInit(init: string, contraction: number | null, status = "complete"): Report {
  return makeReport({
    config: { suite: "init-compare", init },
    status: status as Report["status"],
    summary: { contraction },
  });
}

Deno.test("initContrast() takes log-space means per init and says which is slower", () => {
  const c = initContrast([
    reportOfInit("he", 0.9),
    reportOfInit("he", 0.4),
    reportOfInit("depth-scaled-he", 0.99),
    reportOfInit("depth-scaled-he", 0.5, "diverged"),
    reportOfInit("depth-scaled-he", null),
  ]);
  assert(Math.abs(c.he! - 0.6) < 1e-12); // sqrt(0.9 * 0.4)
  assert.equal(c.depthScaled, 0.99);
  assert.equal(c.depthScaledSlower, true);
  assert.equal(c.runs, 3);
  assert.equal(initContrast([reportOfInit("he", 0.9)]).depthScaledSlower, null);
});
