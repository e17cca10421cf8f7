/**
 * Test file run by system_parts_test.ts in a subprocess: two tests need a part that is never
 * installed, one needs a part that is always there (the deno binary), one needs nothing.
 */
import { filePart, ignoreWithout } from "../system_parts.ts";

const ABSENT = filePart("a part never installed", ["plbench-none"], [
  "/nonexistent/plbench-system-part",
]);
const PRESENT = filePart("the deno binary", [], [Deno.execPath()]);

Deno.test({
  name: "first test of the absent part",
  ignore: await ignoreWithout(import.meta.url, ABSENT),
  fn: () => {
    throw new Error("ran without its part");
  },
});

Deno.test({
  name: "second test of the absent part",
  ignore: await ignoreWithout(import.meta.url, ABSENT),
  fn: () => {
    throw new Error("ran without its part");
  },
});

Deno.test({
  name: "test of the present part",
  ignore: await ignoreWithout(import.meta.url, PRESENT),
  fn: () => console.log("present part: ran"),
});

Deno.test("test without parts", () => console.log("no parts: ran"));
