import assert from "node:assert/strict";
import type { HessianSeries, NtkSeries, Series } from "../report/schema.ts";
import {
  edgeOfStability,
  NO_EDGE_OF_STABILITY,
  SHARPENING_FACTOR,
  stepAfter,
} from "./edge_of_stability.ts";

/** A series of `epochs + 1` epochs at step `lr`, with a sharpness probe every `every` epochs. */
function run(
  lr: number | number[],
  sharpness: (epoch: number) => number | null,
  epochs = 100,
  every = 10,
): Series {
  const epoch = Array.from({ length: epochs + 1 }, (_, e) => e);
  const hessian: HessianSeries = {
    epoch: epoch.filter((e) => e % every === 0 || e === epochs),
    sharpness: [],
    residual: [],
    iterations: [],
    samples: 100,
    fixedBatch: false,
  };
  for (const e of hessian.epoch) {
    hessian.sharpness.push(sharpness(e));
    hessian.residual.push(0.01);
    hessian.iterations.push(3);
  }
  return {
    epoch,
    loss: epoch.map((e) => 1 / (1 + e)),
    gradNormSq: epoch.map(() => 1),
    drift: epoch.map(() => 0),
    lr: Array.isArray(lr) ? lr : epoch.map(() => lr),
    seconds: epoch.map((e) => e),
    hessian,
  };
}

const plain = { trainSize: 100, alpha: 1, momentum: 0 };

Deno.test("edgeOfStability() finds the first probe at 2/eta after a rise, and the ratio's median after it", () => {
  // eta = 0.003: the edge is 666.7; the sharpness climbs 440 -> 700 by epoch 50, then hovers
  const s = run(0.003, (e) => (e <= 50 ? 440 + (e / 50) * 260 : e % 20 === 0 ? 690 : 650));
  const eos = edgeOfStability(s, plain);
  assert.equal(eos.sharpness0, 440);
  assert.equal(eos.sharpnessMax, 700);
  assert.equal(eos.sharpnessMaxEpoch, 50);
  assert.equal(eos.edgeEpoch, 50);
  assert.equal(eos.sharpened, true);
  assert.ok(Math.abs(eos.edgeRatio0! - 0.66) < 1e-12);
  assert.equal(eos.probesAfterEdge, 6);
  assert.ok(Math.abs(eos.edgeRatioAfterMin! - 0.975) < 1e-12);
  assert.ok(eos.edgeRatioAfterMedian! > 0.975 && eos.edgeRatioAfterMedian! < 1.05);
  assert.equal(eos.sharpnessT, 690);
});

Deno.test("edgeOfStability() without a crossing: sharpened only past the stated factor, no ratio after", () => {
  const flat = edgeOfStability(run(0.001, () => 400), plain);
  assert.equal(flat.edgeEpoch, null);
  assert.equal(flat.sharpened, false);
  assert.equal(flat.edgeRatioAfterMedian, null);
  assert.equal(flat.probesAfterEdge, null);
  const rising = edgeOfStability(
    run(0.001, (e) => 400 * (1 + (e / 100) * SHARPENING_FACTOR)),
    plain,
  );
  assert.equal(rising.edgeEpoch, null);
  assert.equal(rising.sharpened, true);
  const barely = edgeOfStability(run(0.001, (e) => 400 * (1 + (e / 100) * 0.1)), plain);
  assert.equal(barely.sharpened, false);
});

Deno.test("edgeOfStability() puts heavy ball's edge at 2 (1 + beta) / eta and reads the step after each probe", () => {
  // sharpness 300 at eta 0.01: GD would be past its edge (ratio 1.5), heavy ball at 0.9 is not
  const hb = edgeOfStability(run(0.01, () => 300), { ...plain, momentum: 0.9 });
  assert.ok(Math.abs(hb.edgeRatioMax! - 1.5 / 1.9) < 1e-12);
  assert.equal(hb.edgeEpoch, null);
  assert.equal(edgeOfStability(run(0.01, () => 300), plain).edgeEpoch, 0);
  // an SGD series records at epoch e the step used during epoch e: the probe at e meets lr[e + 1]
  const lr = Array.from({ length: 101 }, (_, e) => (e <= 10 ? 0.01 : 0.001));
  const s = run(lr, () => 100);
  assert.equal(stepAfter(s, 10), 0.001);
  assert.equal(stepAfter(s, 100), 0.001);
  assert.equal(stepAfter(s, 9), 0.01);
  assert.equal(stepAfter(s, 1000), null);
});

Deno.test("edgeOfStability() sets the sharpness beside lambda_max(K) / (n alpha^2), full kernel first", () => {
  const s = run(0.003, (e) => 400 + e);
  const kernel = (epochs: number[], top: number[], k: number): NtkSeries => ({
    epoch: epochs,
    lambdaMin: top.map(() => 1),
    lambdaMax: top,
    kernelShift: top.map(() => 0),
    drift: top.map(() => 0),
    k,
    belowNoiseFloor: top.map(() => false),
  });
  s.fullNtk = kernel([0, 100], [80_000, 100_000], 100);
  s.ntk = kernel([0, 50], [100, 100], 10);
  const eos = edgeOfStability(s, { ...plain, alpha: 2 });
  // 400 / (80000 / (100 * 4)) and 500 / (100000 / 400)
  assert.ok(Math.abs(eos.hessianOverGaussNewton0! - 2) < 1e-12);
  assert.ok(Math.abs(eos.hessianOverGaussNewtonT! - 2) < 1e-12);
  delete s.fullNtk;
  const subset = edgeOfStability(s, plain);
  assert.ok(Math.abs(subset.hessianOverGaussNewton0! - 40) < 1e-12, "400 / (100 / 10)");
  assert.ok(Math.abs(subset.hessianOverGaussNewtonT! - 45) < 1e-12, "450 / (100 / 10)");
});

Deno.test("edgeOfStability() is all null without a sharpness series or without a finite probe", () => {
  const s = run(0.003, () => null);
  assert.deepEqual(edgeOfStability(s, plain), NO_EDGE_OF_STABILITY);
  delete s.hessian;
  assert.deepEqual(edgeOfStability(s, plain), NO_EDGE_OF_STABILITY);
});
