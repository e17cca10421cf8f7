import assert from "node:assert/strict";
import { logLossRate } from "./log_loss_rate.ts";

Deno.test("logLossRate() recovers an exact exponential decay inside its window to 1e-12", () => {
  const epochs = Array.from({ length: 60 }, (_, i) => i);
  // a slow transient for 5 epochs, then rate 0.7 per epoch, then a flat float floor
  const loss = epochs.map((e) =>
    e < 5 ? 1 - 0.01 * e : Math.max(0.95 * Math.exp(-0.7 * (e - 5)), 1e-30)
  );
  const rate = logLossRate(epochs, loss)!;
  assert(Math.abs(rate.slope + 0.7) < 1e-12);
  assert(Math.abs(rate.r2 - 1) < 1e-12);
  // first epoch with loss <= 1e-2: 0.95 e^{-0.7 (e-5)} <= 0.01 -> e >= 11.5; last >= 1e-12: e <= 44.4
  assert.deepEqual(rate.window, [12, 44]);
});

Deno.test("logLossRate() gives null when the loss never leaves the transient", () => {
  assert.equal(logLossRate([0, 1, 2, 3], [1, 0.9, 0.8, 0.7]), null);
  assert.equal(logLossRate([], []), null);
  assert.equal(logLossRate([0, 1], [0, 0]), null);
});
