import assert from "node:assert/strict";
import {
  boundsViolation,
  childPath,
  jsonStringBytes,
  STORED_VALUE_LIMITS,
} from "./bounded_json.ts";

const LIMITS = { ...STORED_VALUE_LIMITS, depth: 3, arrayLength: 4, keys: 3, stringLength: 10 };

Deno.test("boundsViolation() passes values within every limit", () => {
  assert.equal(boundsViolation({ a: [1, "x", null, true], b: { c: -0.5 } }, LIMITS), null);
  assert.equal(boundsViolation("plain ✓ 😀", LIMITS), null);
});

Deno.test("boundsViolation() names the first value past a limit, with its path", () => {
  const cases: [unknown, string, RegExp][] = [
    [{ a: [[[1]]] }, "a[0][0]", /nested at most 3 deep/],
    [{ a: [1, 2, 3, 4, 5] }, "a", /at most 4 elements/],
    [{ a: 1, b: 2, c: 3, d: 4 }, "(the value)", /at most 3 keys/],
    [{ a: "x".repeat(11) }, "a", /at most 10 characters/],
    [{ a: [1, NaN] }, "a[1]", /a finite number/],
    [{ a: -Infinity }, "a", /a finite number/],
    [["sw\u0000x"], "[0]", /without NUL/],
    [{ s: "a\ud800b" }, "s", /lone surrogate/],
    [{ s: "\udc00" }, "s", /lone surrogate/],
    [JSON.parse('{"__proto__": 1}'), "__proto__", /not a property of every object/],
    [{ constructor: 1 }, "constructor", /not a property of every object/],
    [{ "a\u0000": 1 }, '["a\\u0000"]', /a key of text without NUL/],
    [{ "x y": [undefined] }, '["x y"][0]', /a JSON value/],
  ];
  for (const [value, field, expected] of cases) {
    const v = boundsViolation(value, LIMITS);
    assert.equal(v?.field, field, JSON.stringify(value));
    assert.match(v!.expected, expected);
  }
});

Deno.test("boundsViolation() walks 100,000 nested arrays without a stack overflow", () => {
  const deep = JSON.parse("[".repeat(100_000) + "]".repeat(100_000));
  const v = boundsViolation(deep, STORED_VALUE_LIMITS, "report");
  assert.equal(v?.field, "[0]".repeat(8));
  assert.match(v!.expected, /nested at most 8 deep/);
});

Deno.test("boundsViolation() refuses a value over the size limit", () => {
  const big = Array.from({ length: 3 }, () => "x".repeat(10));
  assert.match(
    boundsViolation(big, { ...LIMITS, size: 25 }, "report")!.expected,
    /at most 25 bytes/,
  );
});

Deno.test("childPath() writes names with dots and other keys as JSON", () => {
  assert.equal(childPath("", "a"), "a");
  assert.equal(childPath("a", "b_1"), "a.b_1");
  assert.equal(childPath("a", "=x"), 'a["=x"]');
});

Deno.test("the size limit is the bytes of the value's compact JSON in UTF-8, as JSON.stringify writes it", () => {
  const values: unknown[] = [
    { a: [1, -0.5, 1e-300, 123456789.125, true, false, null], 'k"ey': 'q"uo\\te' },
    ["tab\tnew\nline", "\u0001\u001f", "é ✓ 😀 中文", "", [], {}, [[]], { x: {} }],
    { series: Array.from({ length: 100 }, (_, i) => Math.sin(i) * 1e-7) },
  ];
  for (const value of values) {
    const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
    const at = (size: number) => boundsViolation(value, { ...STORED_VALUE_LIMITS, size });
    assert.equal(at(bytes), null, JSON.stringify(value).slice(0, 60));
    assert.match(at(bytes - 1)!.expected, new RegExp(`at most ${bytes - 1} bytes of JSON`));
  }
  for (const text of ["plain", "\u0000\b\f\r", "\u007f\u0080\u07ff\u0800\uffff", "😀"]) {
    assert.equal(
      jsonStringBytes(text),
      new TextEncoder().encode(JSON.stringify(text)).length,
      text,
    );
  }
});
