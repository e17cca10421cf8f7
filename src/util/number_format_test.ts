import assert from "node:assert/strict";
import { formatDigits, formatNumber, MISSING } from "./number_format.ts";

Deno.test("formatNumber() keeps 4 significant digits, whole numbers whole, scientific outside 1e-3..1e5", () => {
  assert.equal(formatNumber(0.012345678), "0.01235");
  assert.equal(formatNumber(1.5), "1.5");
  assert.equal(formatNumber(-2.718281828), "-2.718");
  assert.equal(formatNumber(150145), "150145");
  assert.equal(formatNumber(3953665), "3953665");
  assert.equal(formatNumber(12345678), "1.235e+7");
  assert.equal(formatNumber(123456.7), "1.235e+5");
  assert.equal(formatNumber(1.23456e-5), "1.235e-5");
  assert.equal(formatNumber(0.001), "0.001");
  assert.equal(formatNumber(0), "0");
  assert.equal(formatDigits(0.98765432, 5), "0.98765");
});

Deno.test("formatNumber() writes one placeholder for whatever is not a finite number", () => {
  for (const missing of [null, undefined, NaN, Infinity, -Infinity, "1", true]) {
    assert.equal(formatNumber(missing), MISSING, String(missing));
  }
});

Deno.test("formatNumber() works as a map callback", () => {
  assert.deepEqual([0.5, 0.25, 1e-9].map(formatNumber), ["0.5", "0.25", "1.000e-9"]);
});
