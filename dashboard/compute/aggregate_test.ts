import assert from "node:assert/strict";
import { linearBand, logBand, quantile, stats } from "./aggregate.ts";

function near(actual: number | null, expected: number, tolerance = 1e-12): void {
  assert.ok(
    actual !== null && Math.abs(actual - expected) <= tolerance,
    `${actual} vs ${expected}`,
  );
}

Deno.test("stats() gives mean, sample std, min and max, skipping non-finite values", () => {
  const s = stats([2, 4, 4, 4, 5, 5, 7, 9, NaN]);
  assert.equal(s.n, 8);
  near(s.mean, 5);
  // sum of squared deviations is 32, n - 1 = 7
  near(s.std, Math.sqrt(32 / 7));
  assert.equal(s.min, 2);
  assert.equal(s.max, 9);
});

Deno.test("stats() of one value has no std and of none has nothing", () => {
  assert.deepEqual(stats([3]), { n: 1, mean: 3, std: null, min: 3, max: 3 });
  assert.deepEqual(stats([]), { n: 0, mean: null, std: null, min: null, max: null });
});

Deno.test("quantile() interpolates between order statistics and refuses bad input", () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  near(quantile([10, 20, 30], 0.1), 12);
  assert.equal(quantile([5], 0.9), 5);
  assert.throws(() => quantile([], 0.5), /no values/);
  assert.throws(() => quantile([1], 1.5), /must be in \[0, 1\], got 1.5/);
});

Deno.test("logBand() takes the geometric mean in log space and ignores non-positive values", () => {
  const band = logBand([
    { x: [0, 1], y: [1, 1e-2] },
    { x: [0, 1], y: [100, 1e-4] },
    { x: [0, 1, 2], y: [null, 0, 5] },
  ]);
  assert.deepEqual(band.x, [0, 1, 2]);
  near(band.center[0]!, 10); // sqrt(1 * 100)
  near(band.center[1]!, 1e-3); // sqrt(1e-2 * 1e-4)
  assert.deepEqual(band.n, [2, 2, 1]);
  near(band.lo[0]!, 1 + 0.1 * 99);
  near(band.hi[0]!, 1 + 0.9 * 99);
  near(band.center[2]!, 5);
});

Deno.test("linearBand() is mean plus or minus one sample std at each x", () => {
  const band = linearBand([{ x: [0, 1], y: [1, 2] }, { x: [0, 1], y: [3, 2] }]);
  near(band.center[0]!, 2);
  near(band.lo[0]!, 2 - Math.SQRT2);
  near(band.hi[0]!, 2 + Math.SQRT2);
  near(band.lo[1]!, 2);
});
