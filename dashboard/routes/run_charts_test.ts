import assert from "node:assert/strict";
import { fittedLoss, sharpnessCharts } from "./run_charts.ts";
import { makeReport } from "../../src/testing/report_factory.ts";
import { decayFixture } from "../../src/testing/sweep_fixtures.ts";

Deno.test("fittedLoss() draws the best fit at the run's own epochs inside the decay window", () => {
  const d = decayFixture("geometric", { rho: 0.5, window: [2, 6] });
  const curve = fittedLoss(d, [0, 2, 4, 6, 8]);
  assert.deepEqual(curve.x, [2, 4, 6]);
  // L = lInf + c rho^(t - window start) with lInf 0, c 1: 1, 1/4, 1/16
  assert.deepEqual(curve.y, [1, 0.25, 0.0625]);
});

Deno.test("fittedLoss() draws nothing where no epoch falls in the window, however wide it is", () => {
  const d = decayFixture("power", { window: [1_000, Number.MAX_SAFE_INTEGER] });
  assert.deepEqual(fittedLoss(d, [0, 1, 2]), { x: [], y: [] });
});

Deno.test("sharpnessCharts() draws the sharpness and rate panels only where the run probed its Hessian", () => {
  const r = makeReport({ config: { lr: 0.1 }, loss: [1, 0.64, 0.4096] });
  assert.deepEqual(sharpnessCharts(r), []);
  r.series.gradNormSq = [4, 2.56, 1.6384];
  r.series.hessian = {
    epoch: [0, 2],
    sharpness: [2, 2],
    residual: [0, 0],
    iterations: [1, 1],
    samples: 5,
    fixedBatch: false,
  };
  const panels = sharpnessCharts(r);
  assert.deepEqual(panels.map(([id]) => id), ["chart-sharpness", "chart-rate"]);
  const labels = panels[0]![1].data.datasets.map((d) => d.label);
  assert.deepEqual(labels, ["λ_max(H) (Lanczos)", "edge 2(1+β)/η"]);
  // a fixed-batch (SGD) run has no rate panel: the theorem's rate is for full-batch GD
  r.series.hessian.fixedBatch = true;
  assert.deepEqual(sharpnessCharts(r).map(([id]) => id), ["chart-sharpness"]);
});
