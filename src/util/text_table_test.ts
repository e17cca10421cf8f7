import assert from "node:assert/strict";
import { alignRows } from "./text_table.ts";

Deno.test("alignRows() pads every column to its widest cell, also in ragged rows", () => {
  assert.deepEqual(alignRows([["run", "width"], ["abc", "1024"], ["a", "8"]]), [
    "run  width",
    "abc  1024",
    "a    8",
  ]);
  assert.deepEqual(alignRows([["a"], ["bbb", "c"]]), ["a", "bbb  c"]);
});
