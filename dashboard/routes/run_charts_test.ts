import assert from "node:assert/strict";
import { fittedLoss } from "./run_charts.ts";
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
