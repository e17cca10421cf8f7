import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  describeProbe,
  drawProbeSubset,
  probeHash,
  probeSeedOf,
  sameProbeSubset,
} from "./probe_subset.ts";
import { probeIndices } from "./probe_indices.ts";

const config = { suite: "mlp-mnist", seed: 2, epochs: 10, lr: 0.003, width: 128 };

Deno.test("probeSeedOf() is 0 without the key, the key's value with it; bad seeds are refused", () => {
  assert.equal(probeSeedOf(config), 0);
  assert.equal(probeSeedOf({ ...config, probeSeed: 7 }), 7);
  assert.throws(() => probeSeedOf({ ...config, probeSeed: "a" }), /whole number, got "a"/);
  assert.throws(() => drawProbeSubset(10, 2, -1), /probeSeed must be an integer .*got -1/);
});

Deno.test("drawProbeSubset() depends on n, k and the seed only, and hashes the indices", () => {
  const a = drawProbeSubset(2000, 128, 0);
  assert.deepEqual(a.indices, probeIndices(2000, 128, 0));
  assert.deepEqual(a.record, { seed: 0, k: 128, n: 2000, hash: a.record.hash });
  // the hash is SHA-256 of the JSON array, computed here by node:crypto on the text itself
  const text = `[${a.indices.join(",")}]`;
  assert.equal(a.record.hash, createHash("sha256").update(text).digest("hex"));
  assert.ok(sameProbeSubset(a.record, drawProbeSubset(2000, 128, 0).record));
  const others: [number, number, number][] = [[2000, 128, 1], [1999, 128, 0], [2000, 127, 0]];
  for (const [n, k, seed] of others) {
    assert.ok(!sameProbeSubset(a.record, drawProbeSubset(n, k, seed).record), `${n} ${k} ${seed}`);
  }
  assert.notEqual(probeHash([1, 2]), probeHash([1, 3]));
});

Deno.test("a smaller probe draws a subset of a larger one's inputs from the same seed", () => {
  const small = new Set(probeIndices(1000, 16, 3));
  const large = new Set(probeIndices(1000, 64, 3));
  assert.ok([...small].every((i) => large.has(i)));
});

Deno.test("describeProbe() names seed, k, n and the hash's first digits", () => {
  const { record } = drawProbeSubset(10, 4, 1);
  assert.equal(
    describeProbe(record),
    `seed 1, 4 of 10 inputs, sha-256 ${record.hash.slice(0, 8)}`,
  );
});
