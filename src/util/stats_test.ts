import assert from "node:assert/strict";
import { mean, median, quantile, stats } from "./stats.ts";
import { assertClose } from "../testing/assert_close.ts";

Deno.test("stats() gives mean, sample std, min and max, skipping non-finite values", () => {
  const s = stats([2, 4, 4, 4, 5, 5, 7, 9, NaN]);
  assert.equal(s.n, 8);
  assertClose(s.mean, 5);
  // sum of squared deviations is 32, n - 1 = 7
  assertClose(s.std, Math.sqrt(32 / 7));
  assert.equal(s.min, 2);
  assert.equal(s.max, 9);
});

Deno.test("stats() of one value has no std and of none has nothing", () => {
  assert.deepEqual(stats([3]), { n: 1, mean: 3, std: null, min: 3, max: 3 });
  assert.deepEqual(stats([]), { n: 0, mean: null, std: null, min: null, max: null });
});

Deno.test("quantile() interpolates between order statistics and refuses bad input", () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assertClose(quantile([10, 20, 30], 0.1), 12);
  assert.equal(quantile([5], 0.9), 5);
  assert.throws(() => quantile([], 0.5), /no values/);
  assert.throws(() => quantile([1], 1.5), /must be in \[0, 1\], got 1.5/);
});

Deno.test("median() takes the middle value or the mean of the two middle ones; mean() averages", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.throws(() => median([]), /no values/);
  assert.equal(mean([1, 2, 6]), 3);
  assert.throws(() => mean([]), /no values/);
});
