import assert from "node:assert/strict";
import { type PointConfig, pointConfig, pointId, pointKey, varyingKeys } from "./grid_point.ts";

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("pointKey() is the sorted JSON of the config without seed; pointId() hashes that key", async () => {
  const config = { width: 8, suite: "s", seed: 3, lr: 0.1, epochs: 5, init: "he" };
  const key = '{"epochs":5,"init":"he","lr":0.1,"suite":"s","width":8}';
  assert.equal(pointKey(config), key);
  assert.equal(pointKey({ ...config, seed: 4 }), key, "seeds share a grid point");
  assert.deepEqual(Object.keys(pointConfig(config)), ["epochs", "init", "lr", "suite", "width"]);
  assert.equal(pointId(config), (await sha256(key)).slice(0, 16));
  assert.notEqual(pointId(config), pointId({ ...config, lr: 0.2 }));
});

Deno.test("the recorded nightly baseline's grid point keys are pointKey()'s own text", async () => {
  const path = new URL("../../fixtures/baselines/nightly.json", import.meta.url);
  const baseline = JSON.parse(await Deno.readTextFile(path)) as { points: Record<string, unknown> };
  const keys = Object.keys(baseline.points);
  assert.ok(keys.length > 0);
  for (const key of keys) assert.equal(pointKey(JSON.parse(key)), key);
});

Deno.test("varyingKeys() lists the keys whose values differ, sorted", () => {
  const points: PointConfig[] = [{ a: 1, b: "x", c: true }, { a: 2, b: "x" }];
  assert.deepEqual(varyingKeys(points), ["a", "c"]);
});
