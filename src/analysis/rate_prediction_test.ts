import assert from "node:assert/strict";
import type { Series } from "../report/schema.ts";
import {
  KAPPA_FLOOR,
  NO_RATE_PREDICTION,
  rateLStar,
  ratePrediction,
  rateProbes,
} from "./rate_prediction.ts";

/**
 * Gradient descent at step eta on the quadratic L = 1/2 sum_i lambda_i x_i^2 from x = 1, in
 * float64, with the sharpness probe reporting `reported` (the true lambda_max unless told).
 */
function quadraticRun(lambdas: number[], eta: number, epochs: number, reported?: number): Series {
  let x = lambdas.map(() => 1);
  const series: Series = { epoch: [], loss: [], gradNormSq: [], drift: [], lr: [], seconds: [] };
  const top = reported ?? Math.max(...lambdas);
  series.hessian = {
    epoch: [],
    sharpness: [],
    residual: [],
    iterations: [],
    samples: 1,
    fixedBatch: false,
  };
  for (let e = 0; e <= epochs; e++) {
    series.epoch.push(e);
    series.loss.push(lambdas.reduce((s, l, i) => s + 0.5 * l * x[i]! ** 2, 0));
    series.gradNormSq.push(lambdas.reduce((s, l, i) => s + (l * x[i]!) ** 2, 0));
    series.drift.push(0);
    series.lr.push(eta);
    series.seconds.push(e);
    series.hessian.epoch.push(e);
    series.hessian.sharpness.push(top);
    series.hessian.residual.push(0);
    series.hessian.iterations.push(1);
    x = x.map((v, i) => v * (1 - eta * lambdas[i]!));
  }
  return series;
}

Deno.test("on a one-dimensional quadratic the predicted rate is the measured one: (1 - eta lambda)^2", () => {
  const s = quadraticRun([2], 0.1, 20);
  const probes = rateProbes(s, 0, null);
  assert.equal(probes.length, 20, "every probe but the last, which has no next step");
  for (const p of probes) {
    assert.ok(Math.abs(p.predicted! - 0.64) < 1e-12);
    assert.ok(Math.abs(p.measured - 0.64) < 1e-12);
    assert.equal(p.holds, true);
    assert.equal(p.bracketed, true);
    assert.ok(Math.abs(p.firstOrder - 0.6) < 1e-12);
    assert.ok(Math.abs(p.curvature - 1) < 1e-9, "a quadratic's step meets exactly its curvature");
    assert.ok(Math.abs(p.logRatio! - 1) < 1e-9);
    assert.equal(p.mu, 2);
  }
  const summary = ratePrediction(s, { lStar: 0, window: [5, 15], momentum: 0, edgeEpoch: null });
  assert.equal(summary.rateProbes, 11);
  assert.equal(summary.rateBoundShare, 1);
  assert.equal(summary.rateBracketShare, 1);
  assert.ok(Math.abs(summary.rateRatioMedian! - 1) < 1e-9);
});

Deno.test("on a spread spectrum the loss falls faster than the bound predicts, and the bound holds", () => {
  const s = quadraticRun([0.5, 1, 4], 0.2, 60);
  const summary = ratePrediction(s, { lStar: 0, window: null, momentum: 0, edgeEpoch: null });
  assert.equal(summary.rateBoundShare, 1);
  assert.equal(summary.rateBracketShare, 1, "a convex loss meets curvature in [0, beta]");
  assert.ok(summary.rateCurvatureMedian! > 0 && summary.rateCurvatureMedian! < 1);
  assert.ok(summary.rateRatioMin! >= 1, `${summary.rateRatioMin}`);
  assert.ok(summary.rateRatioMedian! > 1.05, `${summary.rateRatioMedian}`);
});

Deno.test("the bound fails where the sharpness probe misses the top of the spectrum", () => {
  // the true lambda_max is 4; a probe reporting 2 predicts a faster decay than GD can give
  const s = quadraticRun([4], 0.2, 30, 2);
  const summary = ratePrediction(s, { lStar: 0, window: null, momentum: 0, edgeEpoch: null });
  assert.equal(summary.rateBoundShare, 0);
  assert.ok(summary.rateRatioMedian! < 1);
});

Deno.test("whether the bound holds does not depend on L* (it is the descent lemma); mu_t and the rates do", () => {
  const s = quadraticRun([0.5, 1, 4], 0.2, 60);
  const final = s.loss[s.loss.length - 1]!;
  const proxy = rateProbes(s, final * 0.999, [40, 58]);
  const zero = rateProbes(s, 0, [40, 58]);
  assert.deepEqual(proxy.map((p) => p.holds), zero.map((p) => p.holds));
  assert.ok(zero.every((p) => p.holds === true));
  proxy.forEach((p, i) => {
    assert.ok(p.mu > zero[i]!.mu, "a higher L* inflates the PL ratio");
    assert.ok(p.measured < zero[i]!.measured, "and shrinks the measured ratio");
  });
});

Deno.test("a step that meets negative curvature falls faster than the first-order rate: out of the bracket", () => {
  // L = -cos(x): curvature cos(x) < 0 beyond pi / 2, where GD from x = 2.5 starts
  const series: Series = { epoch: [], loss: [], gradNormSq: [], drift: [], lr: [], seconds: [] };
  series.hessian = {
    epoch: [],
    sharpness: [],
    residual: [],
    iterations: [],
    samples: 1,
    fixedBatch: false,
  };
  let x = 2.5;
  for (let e = 0; e <= 3; e++) {
    series.epoch.push(e);
    series.loss.push(1 - Math.cos(x) + 0); // >= 0, minimum 0 at x = 0
    series.gradNormSq.push(Math.sin(x) ** 2);
    series.drift.push(0);
    series.lr.push(0.1);
    series.seconds.push(e);
    series.hessian.epoch.push(e);
    series.hessian.sharpness.push(Math.max(Math.cos(x), 0.01));
    series.hessian.residual.push(0);
    series.hessian.iterations.push(1);
    x -= 0.1 * Math.sin(x);
  }
  const first = rateProbes(series, 0, null)[0]!;
  assert.equal(first.holds, true);
  assert.equal(first.bracketed, false);
  assert.ok(first.measured < first.firstOrder);
  assert.ok(first.curvature < -KAPPA_FLOOR);
});

Deno.test("a step meeting slightly negative curvature, within the floor, is still bracketed", () => {
  const s = quadraticRun([1], 0.01, 3);
  // replace the next losses so the step meets curvature -1 (kappa -0.02 of a sharpness of 50)
  s.hessian!.sharpness = s.hessian!.sharpness.map(() => 50);
  s.hessian!.nextLoss = s.loss.map((l, i) => {
    const g = s.gradNormSq[i]!;
    return l - 0.01 * g + (1e-4 * g * -1) / 2;
  });
  const probes = rateProbes(s, 0, null);
  assert.ok(probes.every((p) => Math.abs(p.curvature + 0.02) < 1e-9 && p.bracketed === true));
});

Deno.test("an overestimated sharpness predicts a far slower decay than measured: a large log-rate ratio", () => {
  // eta beta = 1.9 leaves 1 - eta beta / 2 = 0.05 of the step's decrease in the prediction
  const s = quadraticRun([1], 0.2, 20, 9.5);
  const summary = ratePrediction(s, { lStar: 0, window: null, momentum: 0, edgeEpoch: null });
  assert.equal(summary.rateBoundShare, 1);
  assert.ok(summary.rateRatioMedian! > 20, `${summary.rateRatioMedian}`);
});

Deno.test("past the edge (eta beta >= 2) the bound predicts nothing and the probe is counted apart", () => {
  const s = quadraticRun([4, 1], 0.2, 10, 11);
  const summary = ratePrediction(s, { lStar: 0, window: null, momentum: 0, edgeEpoch: null });
  assert.equal(summary.rateProbes, 0);
  assert.equal(summary.rateProbesAboveEdge, 10);
  assert.equal(summary.rateBoundShare, null);
  assert.ok(rateProbes(s, 0, null).every((p) => p.predicted === null && p.holds === null));
});

Deno.test("from the first probe at the edge on, probes are counted apart and not compared", () => {
  const s = quadraticRun([2], 0.1, 20);
  const summary = ratePrediction(s, { lStar: 0, window: null, momentum: 0, edgeEpoch: 12 });
  assert.equal(summary.rateProbes, 12);
  assert.equal(summary.rateProbesAboveEdge, 8);
});

Deno.test("the comparison is for full-batch gradient descent only, and reads the PL analysis's L*", () => {
  const s = quadraticRun([1], 0.1, 5);
  assert.deepEqual(
    ratePrediction(s, { lStar: 0, window: null, momentum: 0.9, edgeEpoch: null }),
    NO_RATE_PREDICTION,
  );
  s.hessian!.fixedBatch = true;
  assert.deepEqual(
    ratePrediction(s, { lStar: 0, window: null, momentum: 0, edgeEpoch: null }),
    NO_RATE_PREDICTION,
  );
  delete s.hessian;
  assert.deepEqual(
    ratePrediction(s, { lStar: 0, window: null, momentum: 0, edgeEpoch: null }),
    NO_RATE_PREDICTION,
  );
  assert.equal(rateLStar({ plLStar: 0.25 }), 0.25);
  assert.equal(rateLStar({ plLStar: null }), 0);
  assert.equal(rateLStar({}), 0);
});

Deno.test("a probe's own next-step loss is used where an epoch is several steps", () => {
  const s = quadraticRun([2], 0.1, 4);
  // record every other epoch as if it were two steps apart, with the one-step losses beside
  s.hessian!.nextLoss = s.loss.slice(1).concat([null as unknown as number]);
  s.loss = s.loss.map((l, i) => (i === 0 ? l : l * 0.64));
  const probes = rateProbes(s, 0, null);
  assert.ok(probes.every((p) => Math.abs(p.measured - 0.64) < 1e-12 || p.epoch > 0));
  assert.ok(Math.abs(probes[0]!.measured - 0.64) < 1e-12);
});
