import assert from "node:assert/strict";
import { mulberry32 } from "../util/random.ts";
import { resolvedEnd, selectDecay } from "./decay_model.ts";

const T = 200;
const epoch = Array.from({ length: T + 1 }, (_, t) => t);

/** The four synthetic curves: loss at epoch t, and the model each must get. */
const CURVES: [string, (t: number) => number, string][] = [
  ["1/(10+t)", (t) => 1 / (10 + t), "power"],
  ["1/(10+t)^2", (t) => 1 / (10 + t) ** 2, "power"],
  ["1 - 0.00495 t (2 decades)", (t) => 1 - 0.00495 * t, "linear"],
  ["0.01 + 0.5 * 0.97^t", (t) => 0.01 + 0.5 * 0.97 ** t, "geometric"],
];

/** Multiplicative noise exp(sigma z), z standard normal from a seeded stream. */
function noisy(loss: number[], seed: number, sigma: number): number[] {
  const rng = mulberry32(seed);
  return loss.map((l) => l * Math.exp(sigma * rng.normal()));
}

for (const [name, curve, model] of CURVES) {
  Deno.test(`selectDecay() calls ${name} ${model}, exact and with 1% noise (3 seeds)`, () => {
    const exact = epoch.map(curve);
    const runs = [exact, ...[1, 2, 3].map((seed) => noisy(exact, seed, 0.01))];
    for (const loss of runs) {
      const d = selectDecay({ epoch, loss })!;
      assert.equal(d.model, model, `${d.model} (${d.reason})`);
      assert.equal(d.reason, null);
      assert.ok(d.separation >= 3 && d.evidence >= 25, `${d.separation} ${d.evidence}`);
    }
  });
}

Deno.test("selectDecay() gets rho of a 3-decade geometric decay back to 1e-3", () => {
  const rho = Math.pow(1e-3, 1 / T); // 0.96605...
  const exact = epoch.map((t) => 0.4 * rho ** t);
  const d = selectDecay({ epoch, loss: exact })!;
  assert.equal(d.model, "geometric");
  assert.ok(Math.abs(d.rho! - rho) < 1e-9, String(d.rho));
  assert.ok(Math.abs(d.gapDecades! - 3) < 1e-6, String(d.gapDecades));
  assert.ok(Math.abs(d.lInf!) < 1e-9);
  const noisyFit = selectDecay({ epoch, loss: noisy(exact, 7, 0.01) })!;
  assert.equal(noisyFit.model, "geometric");
  assert.ok(Math.abs(noisyFit.rho! - rho) < 1e-3, String(noisyFit.rho));
});

Deno.test("selectDecay() calls a 0.5-decade stretch of any model too short to tell", () => {
  const rho = Math.pow(10 ** -0.5, 1 / T);
  for (
    const loss of [
      epoch.map((t) => 0.4 * rho ** t),
      noisy(epoch.map((t) => 0.4 * rho ** t), 3, 0.01),
    ]
  ) {
    const d = selectDecay({ epoch, loss })!;
    assert.equal(d.best, "geometric");
    assert.equal(d.model, "undetermined");
    assert.match(d.reason!, /^too short to tell: 0\.\d+ decades of geometric decline .* < 1$/);
    assert.ok(Math.abs(d.gapDecades! - 0.5) < 0.02, String(d.gapDecades));
    // the threshold is the config's: asking for 0.4 decades accepts the exact curve
    if (loss[1] === 0.4 * rho) assert.equal(selectDecay({ epoch, loss }, 0.4)!.model, "geometric");
  }
  // the same standard for the other models: 1/(t+10) over 0.5 decades, a line over 0.3
  const shortPower = selectDecay({ epoch, loss: epoch.map((t) => 1 / (t + 100)) })!;
  assert.equal(shortPower.best, "power");
  assert.match(shortPower.reason!, /^too short to tell: 0\.4\d decades of power decline/);
  const shortLine = selectDecay({ epoch, loss: epoch.map((t) => 1 - 0.0025 * t) })!;
  assert.equal(shortLine.best, "linear");
  assert.match(shortLine.reason!, /^too short to tell: 0\.30 decades of linear decline/);
});

Deno.test("selectDecay() is undetermined when no model fits, the run is short, or two fit alike", () => {
  // a loss that falls, then rises: the best model misses it by far more than 2%
  const bump = epoch.map((t) => 1 + 0.8 * Math.sin(t / 15));
  assert.match(selectDecay({ epoch, loss: bump })!.reason!, /^no model fits: the best/);
  // a decay that settles into a 10% oscillation about a floor
  const wobble = epoch.map((t) => Math.exp(-t / 20) + 0.01 + 0.001 * Math.sin(t / 3));
  assert.match(selectDecay({ epoch, loss: wobble })!.reason!, /^no model fits/);
  // 30 epochs of 0.4 * 0.99^t (0.13 decades) with 1% noise: never decisive
  const short = Array.from({ length: 30 }, (_, t) => t);
  for (const seed of [1, 2, 3, 4, 5]) {
    const d = selectDecay({
      epoch: short,
      loss: noisy(short.map((t) => 0.4 * 0.99 ** t), seed, 0.01),
    })!;
    assert.equal(d.model, "undetermined");
    assert.match(d.reason!, /^too short to tell/);
  }
  // 0.05 + 0.5 rho^t with 1% noise: the gap sinks under the noise of the floor after 2.7
  // decades, and a power law then misses by less than the noise can show
  const rho = 10 ** (-5 / 300);
  const epoch300 = Array.from({ length: 301 }, (_, t) => t);
  const floor = noisy(epoch300.map((t) => 0.05 + 0.5 * rho ** t), 1, 0.01);
  const d = selectDecay({ epoch: epoch300, loss: floor })!;
  assert.equal(d.model, "undetermined");
  assert.match(d.reason!, /^geometric and power fit alike within the noise \(1\.0%\)/);
  assert.equal(selectDecay({ epoch: [0, 1, 2], loss: [3, 2, 1] }), null);
});

Deno.test("resolvedEnd() stops before round-off: float64 and float32 floors", () => {
  // float64: floor 0.5 * (2.2e-16 / 1e-4)^2 = 2.5e-24
  assert.equal(resolvedEnd([0.5, 1e-3, 1e-20, 1e-25, 1e-21]), 2);
  // float32 values: floor 0.5 * (1.2e-7 / 1e-4)^2 = 7.2e-7
  const f32 = [0.5, 1e-3, 1e-6, 5e-7].map(Math.fround);
  assert.equal(resolvedEnd(f32), 2);
  assert.equal(resolvedEnd([1, 0.5, NaN, 0.1]), 1);
  assert.equal(resolvedEnd([]), -1);
});
