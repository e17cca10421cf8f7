import assert from "node:assert/strict";
import { fitLine } from "./line_fit.ts";

Deno.test("fitLine() recovers slope and intercept of an exact line to 1e-12", () => {
  const xs = [0, 1, 2, 3, 4];
  const fit = fitLine(xs, xs.map((x) => -0.5 * x + 3));
  assert(Math.abs(fit.slope + 0.5) < 1e-12);
  assert(Math.abs(fit.intercept - 3) < 1e-12);
  assert(Math.abs(fit.r2 - 1) < 1e-12);
});

Deno.test("fitLine() matches the closed-form slope of a noisy three-point fit", () => {
  // points (0,0), (1,1), (2,1): Sxy = 1, Sxx = 2, Syy = 2/3, so slope 1/2, intercept 2/3 - 1/2, R^2 3/4
  const fit = fitLine([0, 1, 2], [0, 1, 1]);
  assert(Math.abs(fit.slope - 0.5) < 1e-12);
  assert(Math.abs(fit.intercept - 1 / 6) < 1e-12);
  assert(Math.abs(fit.r2 - 0.75) < 1e-12);
});

Deno.test("fitLine() refuses too few, mismatched or non-finite points", () => {
  assert.throws(
    () => fitLine([1], [1]),
    (e: unknown) => e instanceof RangeError && e.message.includes("need at least 2 points, got 1"),
  );
  assert.throws(
    () => fitLine([1, 2], [1]),
    (e: unknown) => e instanceof RangeError && e.message.includes("got 2 and 1"),
  );
  assert.throws(
    () => fitLine([1, 2], [1, NaN]),
    (e: unknown) => e instanceof RangeError && e.message.includes("point 1 is not finite"),
  );
  assert.throws(
    () => fitLine([1, 1], [1, 2]),
    (e: unknown) => e instanceof RangeError && e.message.includes("all x values are equal"),
  );
});
