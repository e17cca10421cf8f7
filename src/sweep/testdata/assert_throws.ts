/** Test helper: asserts that `fn` throws an error of class `type` whose message contains `text`. */
import assert from "node:assert/strict";

/** Asserts `fn` throws a `type` error whose message includes `text`. */
export function assertThrows(
  fn: () => unknown,
  type: new (...args: never[]) => Error,
  text: string,
): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
    assert.ok(e.message.includes(text), `'${e.message}' does not include '${text}'`);
    return true;
  });
}
