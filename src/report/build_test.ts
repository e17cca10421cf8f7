import assert from "node:assert/strict";
import { emptySummary, mergeSummary } from "./build.ts";

Deno.test("mergeSummary() adds a suite's extra values to the common summary", () => {
  const merged = mergeSummary({ ...emptySummary(), lStar: 0.5 }, { linearGap: 0.01, inBall: true });
  assert.equal(merged.lStar, 0.5);
  assert.equal(merged.linearGap, 0.01);
  assert.equal(merged.inBall, true);
});

Deno.test("mergeSummary() keeps the common analysis on a shared key and nulls non-finite extras", () => {
  const merged = mergeSummary({ ...emptySummary(), lStar: 0.5 }, { lStar: 9, rate: NaN });
  assert.equal(merged.lStar, 0.5);
  assert.equal(merged.rate, null);
});

Deno.test("mergeSummary() leaves the summary as it is without extra values", () => {
  const summary = { ...emptySummary(), plMin: 2 };
  assert.deepEqual(mergeSummary(summary, undefined), summary);
});
