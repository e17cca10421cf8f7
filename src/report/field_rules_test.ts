import assert from "node:assert/strict";
import {
  expectInteger,
  expectIsoDate,
  expectName,
  expectNumber,
  expectScalar,
  expectText,
} from "./field_rules.ts";

Deno.test("expectInteger() and expectNumber() hold numbers to whole values and ranges", () => {
  assert.equal(expectInteger(3, 1, 10), null);
  for (const bad of [0, 11, 2.5, "3", NaN, 1e308, null]) {
    assert.equal(expectInteger(bad, 1, 10), "a whole number from 1 to 10", String(bad));
  }
  assert.equal(expectNumber(0.5, { above: 0, max: 1 }), null);
  assert.equal(expectNumber(0, { above: 0 }), "a finite number > 0");
  assert.equal(expectNumber(-1, { min: 0, max: 2 }), "a finite number >= 0 and <= 2");
  assert.equal(expectNumber(Infinity), "a finite number");
});

Deno.test("expectName() takes printable text and refuses empty, long, control and NUL text", () => {
  assert.equal(expectName("width-ablation ✓ <b>"), null);
  for (const bad of ["", "a\tb", "a\nb", "sw\u0000x", "a\ud800", "x".repeat(201), 8, null]) {
    assert.match(expectName(bad) ?? "", /a non-empty name of at most 200 characters/);
  }
});

Deno.test("expectScalar(), expectText() and expectIsoDate()", () => {
  for (const ok of [1, -0.5, true, "relu", "=1+1", ""]) assert.equal(expectScalar(ok), null);
  for (const bad of [null, [1], {}, NaN, "a\u0000", "x".repeat(1001)]) {
    assert.notEqual(expectScalar(bad), null, JSON.stringify(bad));
  }
  assert.equal(expectText("", 5), null);
  assert.match(expectText("abcdef", 5)!, /at most 5 characters/);
  assert.equal(expectIsoDate("2026-01-01T00:00:00.000Z"), null);
  assert.equal(expectIsoDate("2026-01-01T00:00:00Z"), null);
  for (const bad of ["2026-13-45T99:99:99Z", "yesterday", "", 1700000000]) {
    assert.match(expectIsoDate(bad)!, /ISO 8601/, String(bad));
  }
});
