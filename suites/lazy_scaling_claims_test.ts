import assert from "node:assert/strict";
import { fixtureSweep, judgeClaim, realSweep } from "../src/testing/sweep_fixtures.ts";
import { lazyScalingSuite } from "./lazy_scaling.ts";
import { lazyScalingMlpSuite } from "./lazy_scaling_mlp.ts";

Deno.test("lazy-scaling claims hold on the suite's defaults (real runs of alpha = 1 to 64)", async () => {
  const reports = await realSweep(lazyScalingSuite);
  for (const id of ["drift-1-over-alpha", "linear-gap-bound"]) {
    const r = judgeClaim(lazyScalingSuite, reports, id);
    assert.equal(r.verdict, "holds", `${id}: ${r.line}`);
  }
});

Deno.test("drift-1-over-alpha fails on a drift like 1/sqrt(alpha), on both lazy suites", () => {
  for (const suite of [lazyScalingSuite, lazyScalingMlpSuite]) {
    const reports = fixtureSweep(
      suite,
      (c) => ({ summary: { radius: 2 / Math.sqrt(Number(c.alpha)) } }),
    );
    const r = judgeClaim(suite, reports, "drift-1-over-alpha");
    assert.equal(r.verdict, "fails", `${suite.name}: ${r.line}`);
    assert.match(r.line, /alpha\^-0.5 /);
    const lazy = fixtureSweep(suite, (c) => ({ summary: { radius: 2 / Number(c.alpha) } }));
    assert.equal(judgeClaim(suite, lazy, "drift-1-over-alpha").verdict, "holds");
  }
});

Deno.test("linear-gap-bound fails on a distance falling only like 1/alpha", () => {
  const reports = fixtureSweep(
    lazyScalingSuite,
    (c) => ({ summary: { linearGap: 0.5 / Number(c.alpha) } }),
  );
  const r = judgeClaim(lazyScalingSuite, reports, "linear-gap-bound");
  assert.equal(r.verdict, "fails", r.line);
});

Deno.test("a power-law claim on fewer than three alphas is inconclusive and says what it needs", () => {
  const reports = fixtureSweep(
    lazyScalingSuite,
    (c) => ({ summary: { radius: 1 / Number(c.alpha) } }),
    [],
    ["alpha=1,2"],
  );
  const r = judgeClaim(lazyScalingSuite, reports, "drift-1-over-alpha");
  assert.equal(r.verdict, "inconclusive");
  assert.deepEqual(r.missing, ["at least 3 values of alpha (the sweep has only alpha = 1, 2)"]);
});
