import assert from "node:assert/strict";
import type { Report } from "../src/report/schema.ts";
import { validateReport } from "../src/spool/validate.ts";
import { reportOf, testContext } from "../src/testing/run_context.ts";
import { fitDriftExponent, lazyScalingSuite } from "./lazy_scaling.ts";
import { makeReport } from "../src/testing/report_factory.ts";

async function run(alpha: number, epochs = 50) {
  const config = { ...lazyScalingSuite.defaults, alpha, epochs };
  const ctx = testContext();
  const outcome = await lazyScalingSuite.run(config, ctx);
  return { config, ctx, outcome, x: outcome.extraSummary! };
}

Deno.test("lazy-scaling run() gives a valid report starting at drift 0", async () => {
  const { config, ctx, outcome } = await run(2, 2);
  const report = validateReport(reportOf(config, outcome, ctx));
  assert.deepEqual(report.series.epoch, [0, 1, 2]);
  assert.equal(report.series.drift[0], 0);
  assert.equal(report.params, 64 * 5 + 64);
});

Deno.test("lazy-scaling alpha * drift approaches the linearized closed form like 1/alpha", async () => {
  const a = await run(4);
  const b = await run(64);
  // measured deviations after 500 steps: 0.2% at alpha = 4, 1e-5 at alpha = 64
  assert(Math.abs((b.x.lazyRatio as number) - 1) < 2e-3, `alpha 64: ${b.x.lazyRatio}`);
  assert(Math.abs((a.x.lazyRatio as number) - 1) > Math.abs((b.x.lazyRatio as number) - 1));
  // same closed-form limit for every alpha
  const limits = [a.x.linearizedLimit as number, b.x.linearizedLimit as number];
  assert(Math.abs(limits[0]! / limits[1]! - 1) < 1e-9);
  // distance to the linearized trajectory ~ log(alpha) / alpha^2: a factor 256 / 3 ~ 85 from 4 to 64
  // (pure 1/alpha^2 would give 256); accept anything between alpha^-1.5 and alpha^-2.5
  const ratio = (a.x.linearGap as number) / (b.x.linearGap as number);
  assert(ratio > 16 ** 1.5 && ratio < 16 ** 2.5, `gap ratio ${ratio}`);
});

function reportOfAlpha(alpha: number, finalDrift: number | null, status = "complete"): Report {
  return makeReport({
    config: { suite: "lazy-scaling", alpha },
    status: status as Report["status"],
    summary: { finalDrift },
  });
}

Deno.test("fitDriftExponent() recovers the exponent of an exact power law to 1e-12", () => {
  const reports = [1, 2, 4, 8].map((a) => reportOfAlpha(a, 3 * a ** -1));
  const fit = fitDriftExponent(reports)!;
  assert(Math.abs(fit.exponent + 1) < 1e-12);
  assert(Math.abs(fit.r2 - 1) < 1e-12);
  assert.equal(fit.points, 4);
});

Deno.test("fitDriftExponent() skips failed runs and missing values, and needs two alphas", () => {
  const reports = [
    reportOfAlpha(1, 2),
    reportOfAlpha(4, 0.5),
    reportOfAlpha(16, 99, "diverged"),
    reportOfAlpha(16, null),
  ];
  assert(Math.abs(fitDriftExponent(reports)!.exponent + 1) < 1e-12);
  assert.equal(fitDriftExponent([reportOfAlpha(1, 2), reportOfAlpha(1, 3)]), null);
  assert.equal(fitDriftExponent([]), null);
});
