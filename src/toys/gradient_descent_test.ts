import assert from "node:assert/strict";
import { gradientDescent } from "./gradient_descent.ts";

const quadratic = (x: Float64Array) => ({
  loss: x[0]! * x[0]! + 2 * x[1]! * x[1]!,
  grad: Float64Array.of(2 * x[0]!, 4 * x[1]!),
});

Deno.test("gradientDescent() matches the closed form of GD on a diagonal quadratic to 1e-12", () => {
  // x_k = ((1 - 2 lr)^k, (1 - 4 lr)^k) for lr = 0.1 from (1, 1); 3 steps per epoch
  const run = gradientDescent(quadratic, Float64Array.of(1, 1), {
    lr: 0.1,
    epochs: 4,
    stepsPerEpoch: 3,
  });
  assert.deepEqual(run.series.epoch, [0, 1, 2, 3, 4]);
  run.series.epoch.forEach((e, i) => {
    const x = 0.8 ** (3 * e);
    const y = 0.6 ** (3 * e);
    assert(Math.abs(run.series.loss[i]! - (x * x + 2 * y * y)) < 1e-12);
    assert(Math.abs(run.series.gradNormSq[i]! - (4 * x * x + 16 * y * y)) < 1e-12);
    assert(Math.abs(run.series.drift[i]! - Math.hypot(x - 1, y - 1)) < 1e-12);
  });
  assert(Math.abs(run.final[0]! - 0.8 ** 12) < 1e-15);
  assert(Math.abs(run.maxDrift - Math.hypot(0.8 ** 12 - 1, 0.6 ** 12 - 1)) < 1e-12);
  assert.equal(run.divergedAt, null);
  assert.deepEqual(run.series.lr, [0.1, 0.1, 0.1, 0.1, 0.1]);
});

Deno.test("gradientDescent() stops the series at the first non-finite epoch", () => {
  // lr = 1 on x^2 + 2 y^2 multiplies y by -3 each step: overflow after about 650 steps
  const run = gradientDescent(quadratic, Float64Array.of(1, 1), {
    lr: 1,
    epochs: 100,
    stepsPerEpoch: 10,
  });
  assert(run.divergedAt !== null && run.divergedAt > 0 && run.divergedAt < 100);
  assert.equal(run.series.epoch.length, run.divergedAt);
  assert(run.series.loss.every(Number.isFinite));
});

Deno.test("gradientDescent() refuses a non-positive step and a fractional epoch count", () => {
  const x0 = Float64Array.of(1, 1);
  const bad = (lr: number, epochs: number, stepsPerEpoch: number) => () =>
    gradientDescent(quadratic, x0, { lr, epochs, stepsPerEpoch });
  assert.throws(bad(0, 1, 1), /lr must be > 0 and epochs an integer >= 1, got lr 0, epochs 1/);
  assert.throws(bad(0.1, 1.5, 1), /got lr 0.1, epochs 1.5/);
  assert.throws(bad(0.1, 1, 0), /stepsPerEpoch must be an integer >= 1, got 0/);
});
