import assert from "node:assert/strict";
import { seededRng } from "./rng.ts";

Deno.test("seededRng() repeats the same stream for the same seed, including seed 0", () => {
  const a = seededRng(0);
  const b = seededRng(0);
  for (let i = 0; i < 10; i++) assert.equal(a.normal(), b.normal());
  assert(seededRng(1).uniform() !== seededRng(0).uniform());
});

Deno.test("seededRng() draws normals with mean 0 and variance 1 within sampling error", () => {
  const rng = seededRng(7);
  const n = 20000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = rng.normal();
    sum += x;
    sumSq += x * x;
  }
  // standard errors: 1/sqrt(n) = 0.007 for the mean, sqrt(2/n) = 0.01 for the variance
  assert(Math.abs(sum / n) < 0.03);
  assert(Math.abs(sumSq / n - 1) < 0.05);
});

Deno.test("seededRng() refuses a negative or fractional seed", () => {
  assert.throws(
    () => seededRng(-1),
    (e: unknown) => e instanceof RangeError && e.message.includes("got -1"),
  );
  assert.throws(
    () => seededRng(1.5),
    (e: unknown) => e instanceof RangeError && e.message.includes("got 1.5"),
  );
});
