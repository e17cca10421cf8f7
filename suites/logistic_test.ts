import assert from "node:assert/strict";
import { summarize } from "../src/analysis/summarize.ts";
import { validateReport } from "../src/spool/validate.ts";
import { reportOf, testContext } from "../src/testing/run_context.ts";
import { logisticSuite } from "./logistic.ts";

Deno.test("logistic run() gives a valid report starting at L0 = log c", async () => {
  const config = { ...logisticSuite.defaults, epochs: 4, stepsPerEpoch: 5 };
  const ctx = testContext();
  const outcome = await logisticSuite.run(config, ctx);
  const report = validateReport(reportOf(config, outcome, ctx));
  assert.deepEqual(report.series.epoch, [0, 1, 2, 3, 4]);
  assert(Math.abs(report.series.loss[0]! - Math.log(3)) < 1e-15);
  assert.equal(report.params, 12);
  assert.equal(outcome.trainSize, 20);
});

Deno.test("logistic default run stays under the Lambert-W bound and decays like 1/t", async () => {
  const outcome = await logisticSuite.run(logisticSuite.defaults, testContext());
  const x = outcome.extraSummary!;
  // the decay selection agrees: a power law (rate falling like 1/t), not geometric
  const s = summarize(outcome.series, logisticSuite.defaults, {
    trainSize: outcome.trainSize,
    params: outcome.params,
  });
  assert.equal(s.decay!.model, "power", s.decay!.reason ?? "");
  // the stable window, picked where the slope is steady, spans 0.47 decades: too short to tell
  assert.match(s.decayWindow!.reason!, /^too short to tell/);
  // and the PL ratio keeps falling (measured 6.2x from the first quarter to the last): the
  // logistic loss on separable data is the textbook loss without a PL inequality
  assert.equal(s.plVerdict, "fails", s.plReason!);
  assert.ok(s.plFall! > 4, String(s.plFall));
  assert(Math.abs(s.decay!.fits.power.params.p - 1) < 0.1, `p ${s.decay!.fits.power.params.p}`);
  assert.equal(x.boundHolds, true);
  assert.equal(x.trainAccuracy, 1);
  // measured -0.975 on seed 0: the 1/t regime with its log corrections
  assert(Math.abs((x.tailSlope as number) + 1) < 0.1, `slope ${x.tailSlope}`);
  assert((x.epsilon as number) >= 0.5);
});
