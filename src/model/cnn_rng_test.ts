import assert from "node:assert/strict";
import { seededPermutation, seededStream } from "./cnn_rng.ts";

Deno.test("seededPermutation() is a permutation, repeatable from the seed and tag", () => {
  const a = seededPermutation(1000, seededStream(0, 1));
  assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
  assert.deepEqual(a, seededPermutation(1000, seededStream(0, 1)));
  assert.notDeepEqual(a, seededPermutation(1000, seededStream(0, 2)));
  assert.notDeepEqual(a, seededPermutation(1000, seededStream(1, 1)));
});

Deno.test("seededStream().normal() has mean 0 and variance 1 within 4 standard errors", () => {
  const s = seededStream(3, 0);
  const n = 20000;
  const xs = Array.from({ length: n }, () => s.normal());
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  assert.ok(Math.abs(mean) < 4 / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 4 * Math.sqrt(2 / n), `variance ${variance}`);
  assert.throws(() => seededStream(-1, 0), /seed must be a non-negative integer, got -1/);
});
