import assert from "node:assert/strict";
import { assertAllClose, assertClose } from "./assert_close.ts";

Deno.test("assertClose() passes within the tolerance and fails outside it, or on null", () => {
  assertClose(1 + 1e-13, 1, 1e-12);
  assert.throws(() => assertClose(1.1, 1, 0.05, "x"), /x: 1.1 is not within 0.05 of 1/);
  assert.throws(() => assertClose(null, 0, 1), /null is not within/);
  assert.throws(() => assertClose(NaN, 0, 1), /NaN is not within/);
});

Deno.test("assertAllClose() compares element by element, absolutely or relative to the largest reference", () => {
  assertAllClose([1, 2.0001], [1, 2], 1e-3);
  assert.throws(() => assertAllClose([1, 2.1], [1, 2], 1e-3, "v"), /v\[1\]: 2.1 vs 2/);
  assert.throws(() => assertAllClose([1], [1, 2], 1), /lengths/);
  assertAllClose([1000, 2001], [1000, 2000], 1e-3, "v", { relative: true });
  assert.throws(
    () => assertAllClose([1000, 2010], [1000, 2000], 1e-3, "v", { relative: true }),
    /v\[1\]: 2010 vs 2000/,
  );
});
