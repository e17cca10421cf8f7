import assert from "node:assert/strict";
import { probeIndices } from "./probe_indices.ts";

Deno.test("probeIndices() depends on the probe seed only and gives k distinct sorted indices", () => {
  const a = probeIndices(1976, 128, 0);
  assert.deepEqual(probeIndices(1976, 128, 0), a);
  assert.equal(new Set(a).size, 128);
  assert.ok(a.every((v, i) => v >= 0 && v < 1976 && (i === 0 || a[i - 1]! < v)));
  assert.notDeepEqual(probeIndices(1976, 128, 1), a);
  assert.deepEqual(probeIndices(5, 5, 3), [0, 1, 2, 3, 4]);
});

Deno.test("probeIndices() spreads over the whole range", () => {
  // 400 of 1000: the mean index of a uniform draw is 499.5 with s.d. ~ 289 / sqrt(400) * 0.77
  const idx = probeIndices(1000, 400, 42);
  const mean = idx.reduce((s, v) => s + v, 0) / idx.length;
  assert.ok(Math.abs(mean - 499.5) < 40, String(mean));
});

Deno.test("probeIndices() refuses k > n and negative seeds", () => {
  assert.throws(() => probeIndices(10, 11, 0), /k must be an integer in 1\.\.10, got 11/);
  assert.throws(
    () => probeIndices(10, 2, -1),
    /probeSeed must be an integer from 0 to 4294967295.*got -1/,
  );
  assert.throws(() => probeIndices(10, 2, 2 ** 32), /got 4294967296/);
  assert.throws(() => probeIndices(0, 1, 0), /n must be a positive integer, got 0/);
});

Deno.test("probeIndices() draws the indices it always drew (mulberry32 from probeSeed ^ 0x85ebca6b)", () => {
  // recorded before the generator moved to src/util/random.ts
  assert.deepEqual(probeIndices(100, 8, 7), [37, 40, 45, 57, 59, 64, 67, 88]);
  assert.deepEqual(probeIndices(1976, 5, 0), [218, 1171, 1416, 1681, 1898]);
});
