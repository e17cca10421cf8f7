import assert from "node:assert/strict";
import { linearBand, logBand } from "./bands.ts";
import { assertClose } from "../../src/testing/assert_close.ts";

Deno.test("logBand() takes the geometric mean in log space and ignores non-positive values", () => {
  const band = logBand([
    { x: [0, 1], y: [1, 1e-2] },
    { x: [0, 1], y: [100, 1e-4] },
    { x: [0, 1, 2], y: [null, 0, 5] },
  ]);
  assert.deepEqual(band.x, [0, 1, 2]);
  assertClose(band.center[0]!, 10); // sqrt(1 * 100)
  assertClose(band.center[1]!, 1e-3); // sqrt(1e-2 * 1e-4)
  assert.deepEqual(band.n, [2, 2, 1]);
  assertClose(band.lo[0]!, 1 + 0.1 * 99);
  assertClose(band.hi[0]!, 1 + 0.9 * 99);
  assertClose(band.center[2]!, 5);
});

Deno.test("linearBand() is mean plus or minus one sample std at each x", () => {
  const band = linearBand([{ x: [0, 1], y: [1, 2] }, { x: [0, 1], y: [3, 2] }]);
  assertClose(band.center[0]!, 2);
  assertClose(band.lo[0]!, 2 - Math.SQRT2);
  assertClose(band.hi[0]!, 2 + Math.SQRT2);
  assertClose(band.lo[1]!, 2);
});
