/**
 * Float closeness for tests, in one place: a number within an absolute tolerance of a reference,
 * and arrays element by element, either absolutely or relative to the reference's largest
 * magnitude. Every failure names what was compared, where, and both values.
 */
import assert from "node:assert/strict";

/**
 * Asserts |actual - expected| <= tolerance, 1e-12 by default (`actual` may be null, which fails).
 *
 * @example assertClose(Math.sqrt(2) ** 2, 2)
 */
export function assertClose(
  actual: number | null | undefined,
  expected: number,
  tolerance = 1e-12,
  what = "value",
): void {
  assert.ok(
    typeof actual === "number" && Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} is not within ${tolerance} of ${expected}`,
  );
}

/**
 * Asserts the arrays have equal length and |actual[i] - expected[i]| <= tolerance at every i, the
 * tolerance scaled by max |expected| when `relative` is true.
 *
 * @example assertAllClose(computed, reference, 1e-5, "kernel", { relative: true })
 */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  what = "value",
  options: { relative?: boolean } = {},
): void {
  assert.equal(actual.length, expected.length, `${what}: lengths`);
  let scale = 1;
  if (options.relative === true) {
    scale = 0;
    for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  }
  for (let i = 0; i < expected.length; i++) {
    assert.ok(
      Math.abs(actual[i]! - expected[i]!) <= tolerance * scale,
      `${what}[${i}]: ${actual[i]} vs ${expected[i]}`,
    );
  }
}
