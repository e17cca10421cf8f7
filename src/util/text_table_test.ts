import assert from "node:assert/strict";
import { alignRows, formatNumber } from "./text_table.ts";

Deno.test("formatNumber() keeps 4 significant digits and writes '-' for null", () => {
  assert.equal(formatNumber(0.123456), "0.1235");
  assert.equal(formatNumber(0.012345678), "0.01235");
  assert.equal(formatNumber(150145), "1.501e+5");
  assert.equal(formatNumber(0.0000123), "1.230e-5");
  assert.equal(formatNumber(1.5e-7), "1.500e-7");
  assert.equal(formatNumber(0), "0");
  assert.equal(formatNumber(null), "-");
  assert.equal(formatNumber(NaN), "-");
});

Deno.test("alignRows() pads every column to its widest cell, also in ragged rows", () => {
  assert.deepEqual(alignRows([["run", "width"], ["abc", "1024"], ["a", "8"]]), [
    "run  width",
    "abc  1024",
    "a    8",
  ]);
  assert.deepEqual(alignRows([["a"], ["bbb", "c"]]), ["a", "bbb  c"]);
});
