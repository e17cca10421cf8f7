import assert from "node:assert/strict";
import { gapSeries, plRatioSeries } from "./pl_ratio.ts";

Deno.test("plRatioSeries() of f = mu/2 x^2 under gradient descent is mu at every epoch", () => {
  const mu = 0.3;
  const lr = 0.5;
  let x = 2;
  const loss: number[] = [];
  const grad: number[] = [];
  for (let t = 0; t < 30; t++) {
    loss.push((mu / 2) * x * x);
    grad.push(mu * mu * x * x);
    x -= lr * mu * x;
  }
  const ratios = plRatioSeries(grad, gapSeries(loss, 0));
  ratios.slice(0, -1).forEach((r, t) => {
    assert.ok(r !== null && Math.abs(r - mu) < 1e-12, `epoch ${t}: ${r}`);
  });
});

Deno.test("plRatioSeries() ignores the last epoch and epochs with a non-positive gap", () => {
  const gap = gapSeries([5, 3, 1, 2, 2], 2);
  assert.deepEqual(gap, [3, 1, -1, 0, 0]);
  assert.deepEqual(plRatioSeries([6, 4, 1, 1, 1], gap), [1, 2, null, null, null]);
  // a positive gap at the last epoch (L* not the final loss) is still left out
  assert.deepEqual(plRatioSeries([2, 2], [1, 1]), [1, null]);
});

Deno.test("plRatioSeries() refuses series of different lengths", () => {
  assert.throws(() => plRatioSeries([1, 2], [1]), /same length, got 2 and 1/);
});
