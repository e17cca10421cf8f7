import assert from "node:assert/strict";
import type { Report } from "../src/report/schema.ts";
import { formatSeedTable, seedTable } from "./cnn_cifar5_table.ts";

function report(seed: number, plMin: number | null, lStar: number, status = "complete"): Report {
  return {
    suite: "cnn-cifar5",
    status,
    config: { suite: "cnn-cifar5", seed, epochs: 15, lr: 0.05, width: 8 },
    summary: {
      plMin,
      plMedian: 2 * seed + 1,
      lStar,
      finalDrift: seed + 0.5,
      contraction: 0.5,
      window: [2, 12],
    },
  } as unknown as Report;
}

Deno.test("seedTable() lists complete runs by seed and averages each column where defined", () => {
  const table = seedTable([
    report(2, 0.3, 0.01),
    report(0, 0.1, 0.03),
    report(1, null, 0.02),
    report(3, 9, 9, "diverged"),
  ]);
  assert.deepEqual(table.seeds.map((r) => r.seed), [0, 1, 2]);
  const [plMin, plMedian, lStar, finalDrift] = table.mean.map((s) => s.mean);
  assert.ok(Math.abs(plMin! - 0.2) < 1e-12);
  assert.ok(Math.abs(lStar! - 0.02) < 1e-12);
  assert.equal(plMedian, 3);
  assert.equal(finalDrift, 1.5);
  const text = formatSeedTable(table);
  assert.match(
    text.split("\n")[0]!,
    /^seed\s+window\s+PL min \(proxy\)\s+PL median \(proxy\)\s+L\*\s+final drift$/,
  );
  assert.match(text.split("\n")[2]!, /^1\s+2-12\s+–\s+3\s/);
  assert.match(text.split("\n")[4]!, /^mean\s+–\s+0\.2\s/);
});
