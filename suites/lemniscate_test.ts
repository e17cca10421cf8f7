import assert from "node:assert/strict";
import { summarize } from "../src/analysis/summarize.ts";
import { validateReport } from "../src/spool/validate.ts";
import { reportOf, testContext } from "../src/testing/run_context.ts";
import { lemniscateSuite } from "./lemniscate.ts";

async function runParam(param: "S" | "L", epochs: number) {
  const config = { ...lemniscateSuite.defaults, param, epochs };
  const beats: number[] = [];
  const ctx = testContext(beats);
  const outcome = await lemniscateSuite.run(config, ctx);
  return { config, ctx, outcome, beats };
}

Deno.test("lemniscate run() gives a valid report whose series covers epochs 0..E", async () => {
  const { config, ctx, outcome, beats } = await runParam("S", 5);
  const report = validateReport(reportOf(config, outcome, ctx));
  assert.deepEqual(report.series.epoch, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(beats, [0, 1, 2, 3, 4, 5]);
  assert.equal(report.series.loss[0], 49); // F(0) = (1, 0): (4 + 3)^2
  assert.equal(report.series.drift[0], 0);
  assert.equal(report.status, "complete");
});

Deno.test("lemniscate F_L measured rate matches the GD closed form at the limit to 2%", async () => {
  // default config: 4800 epochs x 25 steps; the fit window starts where the loss is 1e-4 of its
  // start, while theta is still approaching theta*, so the slope is about 1% above the limit's
  const { config, outcome } = await runParam("L", 4800);
  const x = outcome.extraSummary!;
  assert.equal(x.converged, true);
  assert(Math.abs((x.rateRatio as number) - 1) < 0.02, `ratio ${x.rateRatio}`);
  // the decay selection finds two regimes: a power law while theta approaches theta*, then
  // geometric decay at the closed-form rate: one epoch of 25 steps multiplies the loss by
  // exp(-gdRate lr 25) at the limit (measured 0.2% off in ln rho)
  const whole = summarize(outcome.series, config, { trainSize: null }).decay!;
  assert.equal(whole.model, "undetermined");
  assert.deepEqual([whole.change!.before, whole.change!.after], ["power", "geometric"]);
  const d = whole.change!.late!;
  assert.equal(d.model, "geometric", d.reason ?? "");
  const closedForm = -(x.gdRate as number) * config.lr *
    Number(lemniscateSuite.defaults.stepsPerEpoch);
  assert(Math.abs(Math.log(d.rho!) / closedForm - 1) < 0.01, `rho ${d.rho}`);
  assert(d.gapDecades! > 10);
  assert(Math.abs((x.lambdaStar as number) - 4.05e-3) < 5e-6);
});

Deno.test("lemniscate F_S is faster than F_L by the ratio of squared speeds at the limit", async () => {
  const s = (await runParam("S", 4800)).outcome.extraSummary!;
  const l = (await runParam("L", 4800)).outcome.extraSummary!;
  assert.equal(s.lambdaStar, 0.5);
  assert(Math.abs((s.rateRatio as number) - 1) < 0.02, `ratio ${s.rateRatio}`);
  // same limit point, same mu^2; rates differ by ||F_S'||^2 / ||F_L'||^2 (flow rates are exact)
  assert(Math.abs((s.mu0Sq as number) - (l.mu0Sq as number)) < 1e-9 * (s.mu0Sq as number));
  const speedRatio = (s.speedSqAtLimit as number) / (l.speedSqAtLimit as number);
  const rateRatio = (s.flowRate as number) / (l.flowRate as number);
  assert(Math.abs(rateRatio / speedRatio - 1) < 1e-9);
  assert((s.measuredRate as number) > 100 * (l.measuredRate as number));
  // Proposition 4.2: one mu0 > 0 serves both bounds (measured mu0^2 <= 8.58 for S, 20.8 for L)
  assert(Math.min(s.mu0SqMax as number, l.mu0SqMax as number) > 1);
});
