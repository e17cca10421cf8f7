import assert from "node:assert/strict";
import { mulberry32 } from "./mulberry32.ts";

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
