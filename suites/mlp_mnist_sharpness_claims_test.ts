import assert from "node:assert/strict";
import { fixtureSweep, judgeClaim, realSweep } from "../src/testing/sweep_fixtures.ts";
import { selectBackend } from "../src/backend/backend.ts";
import { mlpMnistSuite } from "./mlp_mnist.ts";

/** The rate fields of a run with `probes` compared probes and a bracket share. */
function rate(probes: number, bracket: number, extra: Record<string, number | null> = {}) {
  return {
    summary: {
      rateLStar: 0,
      rateProbes: probes,
      rateProbesAboveEdge: 0,
      rateBoundShare: 1,
      rateBracketShare: bracket,
      rateCurvatureMedian: 0.002,
      rateRatioMedian: 2.9,
      rateRatioMin: 2.8,
      edgeEpoch: null,
      ...extra,
    },
  };
}

Deno.test("rate-predicted holds when every seed's steps lie in the bracket at 90% of 5+ probes, fails below", () => {
  const holds = judgeClaim(
    mlpMnistSuite,
    fixtureSweep(mlpMnistSuite, () => rate(13, 1)),
    "rate-predicted",
  );
  assert.equal(holds.verdict, "holds", holds.line);
  assert.match(
    holds.line,
    /seed=0: 100% of 13 probes in the bracket \(curvature met \/ sharpness 0.002\), measured \/ predicted log-rate 2.9/,
  );
  const oneOut = fixtureSweep(mlpMnistSuite, (c) => rate(13, c.seed === 1 ? 10 / 13 : 1));
  const fails = judgeClaim(mlpMnistSuite, oneOut, "rate-predicted");
  assert.equal(fails.verdict, "fails", fails.line);
  assert.match(fails.line, /seed=1: only 76.92% of 13 probes in the bracket/);
});

Deno.test("rate-predicted is inconclusive on a run at the edge over its post-transient run, or without probes", () => {
  const atEdge = fixtureSweep(
    mlpMnistSuite,
    () => rate(0, null as unknown as number, { rateProbesAboveEdge: 226, edgeEpoch: 340 }),
  );
  const r = judgeClaim(mlpMnistSuite, atEdge, "rate-predicted");
  assert.equal(r.verdict, "inconclusive");
  assert.match(r.line, /0 probes below the edge .* \(at the edge from epoch 340: 226 probes\)/);
  const none = fixtureSweep(mlpMnistSuite, () => ({ summary: {} }));
  assert.match(judgeClaim(mlpMnistSuite, none, "rate-predicted").line, /no predicted rate/);
  const few = fixtureSweep(mlpMnistSuite, () => rate(4, 1));
  assert.equal(judgeClaim(mlpMnistSuite, few, "rate-predicted").verdict, "inconclusive");
});

/** The edge fields of a run. */
function edge(values: Record<string, number | boolean | null>) {
  return {
    summary: {
      sharpness0: 438.8,
      sharpnessT: 664.2,
      sharpnessMax: 701.7,
      edgeRatio0: 0.658,
      edgeRatioMax: 1.053,
      edgeEpoch: 340,
      sharpened: true,
      edgeRatioAfterMedian: 1.002,
      edgeRatioAfterMin: 0.957,
      edgeRatioAfterMax: 1.053,
      probesAfterEdge: 267,
      ...values,
    },
  };
}

Deno.test("sharpness-to-edge holds when the sharpness reaches 2/eta and hovers there, fails when it leaves", () => {
  const holds = judgeClaim(
    mlpMnistSuite,
    fixtureSweep(mlpMnistSuite, () => edge({})),
    "sharpness-to-edge",
  );
  assert.equal(holds.verdict, "holds", holds.line);
  assert.match(
    holds.line,
    /438.8 -> 2\/eta at epoch 340; edge ratio after it 0.957 to 1.053, median 1.002/,
  );
  const overshoots = fixtureSweep(
    mlpMnistSuite,
    (c) => edge(c.seed === 2 ? { edgeRatioAfterMedian: 1.3, edgeRatioAfterMax: 1.6 } : {}),
  );
  const fails = judgeClaim(mlpMnistSuite, overshoots, "sharpness-to-edge");
  assert.equal(fails.verdict, "fails", fails.line);
  assert.match(fails.line, /seed=2: .* but did not stay/);
  const dropsAway = fixtureSweep(mlpMnistSuite, () => edge({ edgeRatioAfterMin: 0.5 }));
  assert.equal(judgeClaim(mlpMnistSuite, dropsAway, "sharpness-to-edge").verdict, "fails");
  const falls = fixtureSweep(
    mlpMnistSuite,
    () =>
      edge({ edgeEpoch: null, sharpnessT: 300, edgeRatioAfterMedian: null, probesAfterEdge: null }),
  );
  const fell = judgeClaim(mlpMnistSuite, falls, "sharpness-to-edge");
  assert.equal(fell.verdict, "fails");
  assert.match(fell.line, /fell from 438.8 to 300 without reaching 2\/eta/);
});

Deno.test("sharpness-to-edge is inconclusive on runs too short to reach the edge, starting past it, or just reaching it", () => {
  const short = fixtureSweep(mlpMnistSuite, () =>
    edge({
      edgeEpoch: null,
      sharpnessT: 440,
      edgeRatioMax: 0.66,
      edgeRatioAfterMedian: null,
      probesAfterEdge: null,
    }));
  const r = judgeClaim(mlpMnistSuite, short, "sharpness-to-edge");
  assert.equal(r.verdict, "inconclusive");
  assert.match(r.line, /not at 2\/eta by epoch 0 .* too short to tell/);
  const past = fixtureSweep(mlpMnistSuite, () => edge({ edgeRatio0: 1.4 }));
  assert.match(judgeClaim(mlpMnistSuite, past, "sharpness-to-edge").line, /starts past the edge/);
  const late = fixtureSweep(mlpMnistSuite, () => edge({ probesAfterEdge: 2 }));
  assert.equal(judgeClaim(mlpMnistSuite, late, "sharpness-to-edge").verdict, "inconclusive");
});

Deno.test("on real tiny runs rate-predicted holds and sharpness-to-edge waits for the edge", async () => {
  const env = await selectBackend("wasm");
  const sets = [
    "width=16",
    "epochs=40",
    "trainSize=128",
    "probeEvery=0",
    "fullNtk=false",
    "hessianEvery=2",
    "lr=0.01",
  ];
  const reports = await realSweep(mlpMnistSuite, sets, ["seed=0"], env);
  const rateClaim = judgeClaim(mlpMnistSuite, reports, "rate-predicted");
  assert.equal(rateClaim.verdict, "holds", rateClaim.line);
  const edgeClaim = judgeClaim(mlpMnistSuite, reports, "sharpness-to-edge");
  assert.notEqual(edgeClaim.verdict, "fails", edgeClaim.line);
});
