import assert from "node:assert/strict";
import {
  decayFixture,
  fixtureSweep,
  judgeClaim,
  realSweep,
} from "../src/testing/sweep_fixtures.ts";
import { semilocalSuite } from "./semilocal.ts";

const IDS = ["gd-ball-and-rate", "flow-ball-linear", "drift-1-over-a0"];

Deno.test("semilocal claims hold on the suite's defaults (real runs of a0 = 1 to 6)", async () => {
  const reports = await realSweep(semilocalSuite);
  for (const id of IDS) {
    const r = judgeClaim(semilocalSuite, reports, id);
    assert.equal(r.verdict, "holds", `${id}: ${r.line}`);
  }
  // only the cells above each threshold are judged: a0 = 3, 4, 6 for GD, a0 >= 2 for the flow
  assert.equal(new Set(judgeClaim(semilocalSuite, reports, IDS[0]!).runs).size, 3);
  assert.equal(new Set(judgeClaim(semilocalSuite, reports, IDS[1]!).runs).size, 5);
});

/** Stated numbers of a run at a0 with ||y*|| = 1: thresholds from a0, drift 1/a0^exponent. */
function stated(a0: number, over: Record<string, number | boolean> = {}, exponent = 1) {
  return {
    summary: {
      a0,
      gdThresholdMet: a0 * a0 / 8 >= 1,
      flowThresholdMet: a0 * a0 / 4 >= 1,
      inGdBall: true,
      inFlowBall: true,
      boundHolds: true,
      maxDrift: a0 ** -exponent,
      decay: decayFixture("geometric", { rho: 0.54, gapDecades: 22 }),
      ...over,
    },
  };
}

Deno.test("gd-ball-and-rate fails when a run above the GD threshold leaves its ball", () => {
  const reports = fixtureSweep(
    semilocalSuite,
    (c) => stated(Number(c.a0), c.a0 === 4 ? { inGdBall: false } : {}),
  );
  const r = judgeClaim(semilocalSuite, reports, "gd-ball-and-rate");
  assert.equal(r.verdict, "fails", r.line);
  assert.match(r.line, /a0=4: not inside the ball/);
  // a run below the threshold leaving the ball does not count: the theorem is silent there
  const below = fixtureSweep(
    semilocalSuite,
    (c) => stated(Number(c.a0), c.a0 === 1 ? { inGdBall: false } : {}),
  );
  assert.equal(judgeClaim(semilocalSuite, below, "gd-ball-and-rate").verdict, "holds");
});

Deno.test("flow-ball-linear fails on a run that leaves the flow's ball or decays as a power law", () => {
  const out = fixtureSweep(
    semilocalSuite,
    (c) => stated(Number(c.a0), c.a0 === 2 ? { inFlowBall: false } : {}),
  );
  assert.equal(judgeClaim(semilocalSuite, out, "flow-ball-linear").verdict, "fails");
  const power = fixtureSweep(semilocalSuite, (c) => ({
    summary: { ...stated(Number(c.a0)).summary, decay: decayFixture("power") },
  }));
  assert.equal(judgeClaim(semilocalSuite, power, "flow-ball-linear").verdict, "fails");
});

Deno.test("drift-1-over-a0 fails on a drift falling like 1/sqrt(a0)", () => {
  const reports = fixtureSweep(semilocalSuite, (c) => stated(Number(c.a0), {}, 0.5));
  const r = judgeClaim(semilocalSuite, reports, "drift-1-over-a0");
  assert.equal(r.verdict, "fails", r.line);
  assert.match(r.line, /a0\^-0.5 /);
});
