import assert from "node:assert/strict";
import type { ClaimVerdict } from "./claim.ts";
import { combine, EVERY, perCell } from "./rules.ts";

const H: ClaimVerdict = "holds";
const F: ClaimVerdict = "fails";
const I: ClaimVerdict = "inconclusive";

Deno.test("every: one failure fails; a missing or undecided cell is inconclusive; no cells is inconclusive", () => {
  assert.equal(combine(EVERY, [H, H, H], 0), "holds");
  assert.equal(combine(EVERY, [H, F, I], 1), "fails");
  assert.equal(combine(EVERY, [H, H], 1), "inconclusive");
  assert.equal(combine(EVERY, [H, I], 0), "inconclusive");
  assert.equal(combine(EVERY, [], 0), "inconclusive");
});

Deno.test("fraction: holds once enough hold, fails once too many fail to reach it", () => {
  const twoThirds = { kind: "fraction", atLeast: 2 / 3 } as const;
  assert.equal(combine(twoThirds, [H, H, F], 0), "holds");
  assert.equal(combine(twoThirds, [H, F, F], 0), "fails");
  assert.equal(combine(twoThirds, [H, F], 1), "inconclusive");
  assert.equal(combine(twoThirds, [H, H], 1), "holds");
});

Deno.test("perCell over no selected cells is inconclusive and says the sweep has none", () => {
  const j = perCell({ suite: "s", sweepId: "w", cells: [] }, {
    rule: EVERY,
    what: "cells above the threshold",
    thresholds: [],
    judge: () => ({ verdict: "holds", measured: [], note: "" }),
  });
  assert.equal(j.verdict, "inconclusive");
  assert.equal(j.line, "no cells above the threshold in the sweep");
  assert.deepEqual(j.missing, ["cells above the threshold (none in the sweep)"]);
});
