import assert from "node:assert/strict";
import { normalArray, uniformStream } from "./mlp_rng.ts";

Deno.test("normalArray() is reproducible per (seed, stream) and differs across them", () => {
  const a = normalArray(0, 0, 1000, 1);
  assert.deepEqual(a, normalArray(0, 0, 1000, 1));
  assert.notDeepEqual(a, normalArray(1, 0, 1000, 1));
  assert.notDeepEqual(a, normalArray(0, 1, 1000, 1));
});

Deno.test("normalArray() has the requested mean and std within 4 standard errors", () => {
  const n = 200_000, std = 0.05;
  const x = normalArray(7, 2, n, std);
  let s = 0, s2 = 0, s4 = 0;
  for (const v of x) [s, s2, s4] = [s + v, s2 + v * v, s4 + v ** 4];
  const mean = s / n, variance = s2 / n;
  assert.ok(Math.abs(mean) < 4 * std / Math.sqrt(n), `mean ${mean}`);
  // Var of the sample variance of a normal: 2 sigma^4 / n
  assert.ok(
    Math.abs(variance - std ** 2) < 4 * Math.sqrt(2 / n) * std ** 2,
    `variance ${variance}`,
  );
  assert.ok(Math.abs(s4 / n / variance ** 2 - 3) < 0.05, "kurtosis of a normal is 3");
});

Deno.test("uniformStream() stays in [0, 1) with mean 1/2 and refuses a negative seed", () => {
  const u = uniformStream(0, 0);
  let s = 0;
  for (let i = 0; i < 100_000; i++) {
    const v = u();
    assert.ok(v >= 0 && v < 1);
    s += v;
  }
  assert.ok(Math.abs(s / 100_000 - 0.5) < 4 * Math.sqrt(1 / 12 / 100_000));
  assert.throws(() => uniformStream(-1, 0), /seed must be an integer in 0..2\^32-1, got -1/);
});
