import assert from "node:assert/strict";
import { inertCell, inertRecords } from "./csv_cells.ts";

Deno.test("inertCell() quotes text a spreadsheet would run as a formula, and nothing else", () => {
  for (const text of ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "-0.5", '=HYPERLINK("x")']) {
    assert.equal(inertCell(text), `'${text}`, JSON.stringify(text));
  }
  for (const text of ["plain", "1e-3", "0.5", " =1", "a=b", "", "'=1"]) {
    assert.equal(inertCell(text), text, JSON.stringify(text));
  }
  assert.equal(inertCell(-0.5), -0.5);
  assert.equal(inertCell(-1e308), -1e308);
  assert.equal(inertCell(false), false);
  assert.equal(inertCell(null), null);
  assert.equal(inertCell(undefined), undefined);
});

Deno.test("inertRecords() treats header and data cells alike", () => {
  assert.deepEqual(inertRecords([["=a_mean", "b"], ["-x", -2]]), [["'=a_mean", "b"], ["'-x", -2]]);
});
