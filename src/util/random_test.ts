import assert from "node:assert/strict";
import {
  mulberry32,
  normalArray,
  seededPermutation,
  seededRng,
  seededStream,
  uniformStream,
} from "./random.ts";

Deno.test("mulberry32() repeats its stream for the same state and differs for another", () => {
  const a = mulberry32(7), b = mulberry32(7), c = mulberry32(8);
  const draw = (s: ReturnType<typeof mulberry32>) => Array.from({ length: 5 }, () => s.uniform());
  const first = draw(a);
  assert.deepEqual(first, draw(b));
  assert.notDeepEqual(first, draw(c));
});

Deno.test("mulberry32() draws uniforms in [0, 1) and standard normals (moments within 5 sigma)", () => {
  const s = mulberry32(12345);
  const m = 100_000;
  let sum = 0, sumSq = 0, nSum = 0, nSumSq = 0;
  for (let i = 0; i < m; i++) {
    const u = s.uniform();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    sumSq += u * u;
    const z = s.normal();
    nSum += z;
    nSumSq += z * z;
  }
  // Uniform: mean 1/2 (sd of the mean 0.289/sqrt(m)), second moment 1/3 (sd 0.298/sqrt(m)).
  assert.ok(Math.abs(sum / m - 0.5) < 5 * 0.289 / Math.sqrt(m));
  assert.ok(Math.abs(sumSq / m - 1 / 3) < 5 * 0.298 / Math.sqrt(m));
  // Normal: mean 0 (sd 1/sqrt(m)), second moment 1 (sd sqrt(2)/sqrt(m)).
  assert.ok(Math.abs(nSum / m) < 5 / Math.sqrt(m));
  assert.ok(Math.abs(nSumSq / m - 1) < 5 * Math.SQRT2 / Math.sqrt(m));
});

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
