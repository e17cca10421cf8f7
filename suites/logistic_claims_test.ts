import assert from "node:assert/strict";
import {
  decayFixture,
  fixtureSweep,
  judgeClaim,
  realSweep,
} from "../src/testing/sweep_fixtures.ts";
import { logisticSuite } from "./logistic.ts";

Deno.test("logistic claims hold on the suite's defaults (real runs of three seeds)", async () => {
  const reports = await realSweep(logisticSuite);
  for (const id of ["under-lambert-bound", "decays-like-1-over-t"]) {
    const r = judgeClaim(logisticSuite, reports, id);
    assert.equal(r.verdict, "holds", `${id}: ${r.line}`);
    assert.equal(r.runs.length, 3);
  }
});

Deno.test("under-lambert-bound fails when one seed crosses the bound (stated flags)", () => {
  const reports = fixtureSweep(logisticSuite, (c) => ({
    summary: { boundHolds: c.seed !== 1, lossOverBoundFinal: c.seed === 1 ? 1.3 : 0.001 },
  }));
  const r = judgeClaim(logisticSuite, reports, "under-lambert-bound");
  assert.equal(r.verdict, "fails", r.line);
  assert.match(r.line, /seed=1: not under the bound/);
});

Deno.test("decays-like-1-over-t fails on a geometric decay and on a slope far from -1", () => {
  const geometric = fixtureSweep(logisticSuite, () => ({
    summary: { decay: decayFixture("geometric", { rho: 0.97 }), tailSlope: -1 },
  }));
  assert.equal(judgeClaim(logisticSuite, geometric, "decays-like-1-over-t").verdict, "fails");
  // a power law like 1/t^2 (slope -2): sublinear, but not like 1/t
  const steep = fixtureSweep(logisticSuite, () => ({
    summary: { decay: decayFixture("power", { p: 2 }), tailSlope: -2 },
  }));
  const r = judgeClaim(logisticSuite, steep, "decays-like-1-over-t");
  assert.equal(r.verdict, "fails", r.line);
  assert.match(r.line, /tail slope -2/);
});
