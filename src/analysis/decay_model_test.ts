import assert from "node:assert/strict";
import { mulberry32 } from "../util/random.ts";
import { resolvedEnd, selectDecay } from "./decay_model.ts";

const T = 200;
const epoch = Array.from({ length: T + 1 }, (_, t) => t);

/** The four synthetic curves: loss at epoch t, and the model each must get. */
const CURVES: [string, (t: number) => number, string][] = [
  ["1/(10+t)", (t) => 1 / (10 + t), "power"],
  ["1/(10+t)^2", (t) => 1 / (10 + t) ** 2, "power"],
  ["1 - 0.004 t", (t) => 1 - 0.004 * t, "linear"],
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
      assert.equal(d.model, model, `${d.model} (${d.reason}), margin ${d.icMargin}`);
      assert.equal(d.reason, null);
      assert.ok(d.icMargin >= 6);
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

Deno.test("selectDecay() calls a 0.5-decade geometric stretch undetermined, and says why", () => {
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
    assert.match(d.reason!, /decades of gap < 1/);
    assert.ok(Math.abs(d.gapDecades! - 0.5) < 0.02, String(d.gapDecades));
    // the threshold is the config's: asking for 0.4 decades accepts it
    assert.equal(selectDecay({ epoch, loss }, 0.4)!.model, "geometric");
  }
});

Deno.test("selectDecay() is undetermined when no model fits or two fit alike", () => {
  // a loss that falls, then rises: no model explains 90% of the variance of ln L
  const bump = epoch.map((t) => 1 + 0.8 * Math.sin(t / 15));
  const d = selectDecay({ epoch, loss: bump })!;
  assert.equal(d.model, "undetermined");
  assert.match(d.reason!, /no model fits/);
  // 30 epochs of 0.4 * 0.99^t (0.13 decades) with 1% noise: geometric, power and linear fit
  // about alike. Never geometric; mostly undetermined (measured: 4 of these 5 seeds; the fifth
  // is called linear, which on such a stretch is within the noise)
  const short = Array.from({ length: 30 }, (_, t) => t);
  const verdicts = [1, 2, 3, 4, 5].map((seed) =>
    selectDecay({ epoch: short, loss: noisy(short.map((t) => 0.4 * 0.99 ** t), seed, 0.01) })!
  );
  assert.ok(verdicts.every((d) => d.model !== "geometric"));
  const ties = verdicts.filter((d) => d.model === "undetermined");
  assert.ok(ties.length >= 3 && ties.every((d) => /BIC < 6/.test(d.reason!)));
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
