import assert from "node:assert/strict";
import { decayFixture, fixtureSweep, judgeClaim } from "../src/testing/sweep_fixtures.ts";
import { initCompareSuite } from "./init_compare.ts";

/** A run whose loss falls from 0.5 by `decades` over 200 epochs, with a stated decay verdict. */
function run(decades: number, model: "geometric" | "undetermined" | "power") {
  const epoch = Array.from({ length: 201 }, (_, t) => t);
  return {
    series: { epoch, loss: epoch.map((t) => 0.5 * 10 ** (-decades * t / 200)) },
    summary: { decay: decayFixture(model) },
  };
}

Deno.test("init-compare: both geometric and depth-scaled slower hold on stated runs", () => {
  const reports = fixtureSweep(
    initCompareSuite,
    (c) => run(c.init === "he" ? 1.5 : 0.5, "geometric"),
  );
  assert.equal(judgeClaim(initCompareSuite, reports, "both-geometric").verdict, "holds");
  const r = judgeClaim(initCompareSuite, reports, "depth-scaled-slower");
  assert.equal(r.verdict, "holds", r.line);
  assert.match(r.line, /falls 0.0025 decades per epoch vs He 0.0075/);
});

Deno.test("init-compare claims fail when depth-scaled He is faster and decays as a power law", () => {
  const reports = fixtureSweep(
    initCompareSuite,
    (c) => c.init === "he" ? run(0.5, "geometric") : run(1.5, "power"),
  );
  assert.equal(judgeClaim(initCompareSuite, reports, "both-geometric").verdict, "fails");
  assert.equal(judgeClaim(initCompareSuite, reports, "depth-scaled-slower").verdict, "fails");
});
