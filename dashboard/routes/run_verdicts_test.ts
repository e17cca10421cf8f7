import assert from "node:assert/strict";
import { makeReport } from "../../src/testing/report_factory.ts";
import { verdictRows } from "./run_verdicts.ts";

Deno.test("verdictRows() says where the sharpness met the edge and how well mu_t and lambda_max(H) predict the rate", () => {
  const plain = verdictRows(makeReport()).map(([what]) => what);
  assert.ok(!plain.some((w) => /λ_max\(H\)/.test(w)), "no sharpness rows without probes");
  const r = makeReport({
    summary: {
      sharpness0: 438.8,
      sharpnessT: 664.2,
      sharpnessMax: 701.7,
      edgeRatio0: 0.658,
      edgeRatioT: 0.996,
      edgeRatioMax: 1.053,
      edgeEpoch: 340,
      edgeRatioAfterMin: 0.957,
      edgeRatioAfterMax: 1.053,
      edgeRatioAfterMedian: 1.002,
      rateProbes: 0,
      rateProbesAboveEdge: 226,
      rateLStar: 0,
    },
  });
  const rows = verdictRows(r);
  const edge = rows.find(([what]) => what.startsWith("η λ_max(H)"))!;
  assert.equal(edge[1], "0.658 → 0.996 (max 1.053)");
  assert.match(edge[2], /at the edge from epoch 340, ratio 0.957–1.053 after \(median 1.002\)/);
  const rate = rows.find(([what]) => what.startsWith("rate predicted"))!;
  assert.equal(rate[1], "no probe below the edge");
  assert.match(rate[2], /\(226 at the edge\)/);
});
