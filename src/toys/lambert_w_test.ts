import assert from "node:assert/strict";
import { lambertW0, lambertW0Exp } from "./lambert_w.ts";

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
}

Deno.test("lambertW0() satisfies w e^w = x to 1e-12 relative from 1e-300 to 1e300", () => {
  for (let e = -300; e <= 300; e += 0.37) {
    const x = Math.pow(10, e);
    const w = lambertW0(x);
    // w e^w overflows for x near 1e300: compare in logs there (log w + w = log x)
    const residual = x < 1e250
      ? relErr(w * Math.exp(w), x)
      : Math.abs(Math.log(w) + w - Math.log(x)) / Math.log(x);
    assert(residual < 1e-12, `x = ${x}: w = ${w}, residual ${residual}`);
  }
});

Deno.test("lambertW0() satisfies w e^w = x to 1e-12 on the negative part [-1/e, 0)", () => {
  for (let i = 1; i <= 400; i++) {
    const x = -Math.exp(-1) * (i / 400) ** 3;
    const w = lambertW0(x);
    assert(w >= -1 && w < 0);
    assert(Math.abs(w * Math.exp(w) - x) < 1e-12 * Math.max(Math.abs(x), 1e-3), `x = ${x}`);
  }
});

Deno.test("lambertW0() gives the exact values W0(0) = 0, W0(e) = 1, W0(-1/e) = -1", () => {
  assert.equal(lambertW0(0), 0);
  assert(Math.abs(lambertW0(Math.E) - 1) < 1e-15);
  assert(Math.abs(lambertW0(-Math.exp(-1)) + 1) < 1e-7); // square-root branch point
  assert(Math.abs(lambertW0(2 * Math.exp(2)) - 2) < 1e-14);
});

Deno.test("lambertW0Exp() solves w + log w = z to 1e-12 for z up to 1e8, past exp overflow", () => {
  for (const z of [-700, -50, -1, 0, 0.5, 1, 1.5, 10, 709, 710, 1000, 1e5, 1e8]) {
    const w = lambertW0Exp(z);
    assert(Math.abs(w + Math.log(w) - z) < 1e-12 * Math.max(1, Math.abs(z)), `z = ${z}`);
  }
  assert(relErr(lambertW0Exp(3), lambertW0(Math.exp(3))) < 1e-14);
});

Deno.test("lambertW0() refuses x below -1/e and NaN", () => {
  assert.throws(
    () => lambertW0(-0.5),
    (e: unknown) => e instanceof RangeError && e.message.includes("x must be >= -1/e, got -0.5"),
  );
  assert.throws(
    () => lambertW0(NaN),
    (e: unknown) => e instanceof RangeError && e.message.includes("got NaN"),
  );
  assert.throws(
    () => lambertW0Exp(NaN),
    (e: unknown) => e instanceof RangeError && e.message.includes("got z = NaN"),
  );
});
