import assert from "node:assert/strict";
import { fixtureSweep, judgeClaim, realSweep } from "../src/testing/sweep_fixtures.ts";
import { lemniscateSuite } from "./lemniscate.ts";

Deno.test("lemniscate claims hold on the suite's defaults (real runs of F_S and F_L)", async () => {
  const reports = await realSweep(lemniscateSuite);
  for (const id of ["same-point", "s-faster-than-l"]) {
    const r = judgeClaim(lemniscateSuite, reports, id);
    assert.equal(r.verdict, "holds", `${id}: ${r.line}`);
    assert.deepEqual(new Set(r.runs), new Set(reports.map((x) => x.id)));
  }
});

Deno.test("same-point fails when a run stops short of theta* (real runs of 60 epochs)", async () => {
  // 60 x 25 steps at 1e-3: F_S has converged, F_L (rate 0.25 per unit time) has not
  const reports = await realSweep(lemniscateSuite, ["epochs=60"]);
  const r = judgeClaim(lemniscateSuite, reports, "same-point");
  assert.equal(r.verdict, "fails", r.line);
  assert.match(r.line, /NOT param=L did not reach theta\*/);
});

Deno.test("same-point is inconclusive without the F_L cell, and names it", async () => {
  const reports = (await realSweep(lemniscateSuite, ["epochs=60"])).filter((r) =>
    r.config.param === "S"
  );
  const r = judgeClaim(lemniscateSuite, reports, "same-point");
  assert.equal(r.verdict, "inconclusive");
  assert.deepEqual(r.missing, ["param=L (no report)"]);
});

Deno.test("s-faster-than-l fails on stated rates where F_L is the faster one", () => {
  // closed forms of the defaults: lambda_S* = 0.5, lambda_L* = 4.05e-3, mu^2 = 15.66; rates stated
  const rates: Record<string, [number, number]> = { S: [0.2, 0.5], L: [0.26, 4.05e-3] };
  const reports = fixtureSweep(lemniscateSuite, (c) => {
    const [measuredRate, lambdaStar] = rates[String(c.param)]!;
    return { summary: { measuredRate, lambdaStar, mu0Sq: 15.66 } };
  });
  const r = judgeClaim(lemniscateSuite, reports, "s-faster-than-l");
  assert.equal(r.verdict, "fails", r.line);
  // 0.2 < 4 * 15.66 * 0.5 = 31.3 as well: both comparisons fail
  assert.match(r.line, /NOT param=S: rate 0.2 vs 4 mu\^2 lambda\* = 31.32/);
  assert.match(r.line, /NOT F_S rate 0.2 > F_L rate 0.26/);
});
