import assert from "node:assert/strict";
import { formatBytes, parseBytes } from "./bytes.ts";

Deno.test("formatBytes() writes binary units with three significant digits", () => {
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(1536), "1.50 KiB");
  assert.equal(formatBytes(364 * 2 ** 20), "364 MiB");
  assert.equal(formatBytes(3.7 * 2 ** 30), "3.70 GiB");
  assert.equal(formatBytes(21.3 * 2 ** 30), "21.3 GiB");
});

Deno.test("parseBytes() reads bytes and K/M/G/T suffixes, and refuses anything else", () => {
  assert.equal(parseBytes("4096"), 4096);
  assert.equal(parseBytes("1.5G"), 1.5 * 2 ** 30);
  assert.equal(parseBytes("512MiB"), 512 * 2 ** 20);
  assert.equal(parseBytes("2 gb"), 2 * 2 ** 30);
  for (const bad of ["", "G", "-1G", "1.5X", "12 apples"]) {
    assert.throws(
      () => parseBytes(bad),
      new RangeError(
        `Invalid size '${bad}': expected bytes or a number with K, M, G or T`,
      ),
    );
  }
});
