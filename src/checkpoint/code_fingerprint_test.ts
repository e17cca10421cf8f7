import assert from "node:assert/strict";
import { codeFingerprint, trainingCodeFingerprint } from "./code_fingerprint.ts";

Deno.test("codeFingerprint() changes with the code, not with tests or benchmarks", async () => {
  const root = await Deno.makeTempDir();
  const dir = new URL(`file://${root}/src/`);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(new URL("a.ts", dir), "export const a = 1;\n");
  const base = new URL(`file://${root}/`);
  const first = await codeFingerprint([dir], base);
  assert.match(first, /^[0-9a-f]{16}$/);
  await Deno.writeTextFile(new URL("a_test.ts", dir), "Deno.test('x', () => {});\n");
  await Deno.writeTextFile(new URL("a_bench.ts", dir), "Deno.bench('x', () => {});\n");
  assert.equal(await codeFingerprint([dir], base), first);
  await Deno.writeTextFile(new URL("a.ts", dir), "export const a = 2;\n");
  assert.notEqual(await codeFingerprint([dir], base), first);
});

Deno.test("trainingCodeFingerprint() is stable within a checkout", async () => {
  assert.equal(await trainingCodeFingerprint(), await trainingCodeFingerprint());
});
