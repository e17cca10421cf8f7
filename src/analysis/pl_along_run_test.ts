import assert from "node:assert/strict";
import type { RunConfig } from "../config/run_config.ts";
import { mulberry32 } from "../util/random.ts";
import type { Series } from "../report/schema.ts";
import { PL_MAX_FALL, plAlongRun, type PlReference, plReference } from "./pl_along_run.ts";
import { postTransient } from "./post_transient.ts";
import { summarize } from "./summarize.ts";

const LR = 0.01;

/**
 * A gradient-descent run of `epochs` epochs whose loss follows `loss`: under GD with step lr,
 * L_{t+1} - L_t = -lr ||grad L_t||^2 to first order, so ||grad L_t||^2 = (L_t - L_{t+1}) / lr.
 */
function gdRun(epochs: number, loss: (t: number) => number): Series {
  const epoch = Array.from({ length: epochs + 1 }, (_, t) => t);
  const l = epoch.map((t) => Math.fround(loss(t)));
  return {
    epoch,
    loss: l,
    gradNormSq: epoch.map((t) => Math.fround((loss(t) - loss(t + 1)) / LR)),
    drift: epoch.map(() => 0),
    lr: epoch.map(() => LR),
    seconds: epoch.map((t) => t),
  };
}

const ZERO: { reference: PlReference; lStar: number } = { reference: "zero", lStar: 0 };

function verdict(series: Series, ref = ZERO) {
  return plAlongRun(series, postTransient(series.epoch, series.loss), ref, 1)!;
}

Deno.test("the PL verdict fails on sublinear decays spanning enough epochs", () => {
  const sublinear: [string, (t: number) => number][] = [
    ["1/(t+10)", (t) => 1 / (t + 10)],
    ["1/(t+10)^2", (t) => 1 / (t + 10) ** 2],
    ["0.5 (t+1)^-0.5", (t) => 0.5 * (t + 1) ** -0.5],
    ["1/ln(t+e)", (t) => 1 / Math.log(t + Math.E)],
    ["0.2 + 1/(t+10)", (t) => 0.2 + 1 / (t + 10)],
  ];
  for (const [name, loss] of sublinear) {
    const v = verdict(gdRun(2000, loss));
    assert.equal(v.verdict, "fails", `${name}: ${v.reason}`);
    assert.match(v.reason, /keeps falling/, name);
    assert.ok(v.fall! >= PL_MAX_FALL, `${name}: ${v.fall}`);
  }
  // against its own floor 0.2, 0.2 + 1/(t+10) still falls as 1/t
  const floored = verdict(gdRun(2000, (t) => 0.2 + 1 / (t + 10)), {
    reference: "floor",
    lStar: 0.2,
  });
  assert.equal(floored.verdict, "fails", floored.reason);
});

Deno.test("the PL verdict fails on a rate that drops several-fold mid-run, or a plateau", () => {
  // geometric at 0.03 per epoch, then 0.006 from epoch 100 (a 5x drop)
  const drop = (t: number) => Math.exp(-0.03 * Math.min(t, 100) - 0.006 * Math.max(0, t - 100));
  const v = verdict(gdRun(200, drop));
  assert.equal(v.verdict, "fails", v.reason);
  assert.ok(Math.abs(v.fall! - 5) < 0.1, String(v.fall));
  // a 40-epoch plateau inside a geometric decay: the gradient vanishes with the gap open
  const plateau = (t: number) =>
    Math.exp(-0.03 * (t < 80 ? t : t < 120 ? 80 + (t - 80) * 0.01 : t - 40 + 0.4));
  const p = verdict(gdRun(200, plateau));
  assert.equal(p.verdict, "fails", p.reason);
});

Deno.test("the PL verdict holds on geometric decays to zero and to a floor the run keeps above", () => {
  const g = verdict(gdRun(200, (t) => 0.5 * 0.97 ** t));
  assert.equal(g.verdict, "holds", g.reason);
  assert.ok(Math.abs(g.fall! - 1) < 1e-3 && g.decades! > 2, `${g.fall} ${g.decades}`);
  const floor = verdict(gdRun(200, (t) => 0.05 + 0.5 * 0.97 ** t), {
    reference: "floor",
    lStar: 0.05,
  });
  assert.equal(floor.verdict, "holds", floor.reason);
  // the same run against L* = 0 (were the model able to interpolate) sinks: the floor is no PL
  assert.equal(verdict(gdRun(200, (t) => 0.05 + 0.5 * 0.97 ** t)).verdict, "fails");
});

Deno.test("the PL verdict is inconclusive on runs too short to tell 1/t from geometric", () => {
  for (const loss of [(t: number) => 1 / (t + 200), (t: number) => 0.5 * 0.995 ** t]) {
    const v = verdict(gdRun(60, loss));
    assert.equal(v.verdict, "inconclusive", v.reason);
    assert.match(v.reason, /^too short to tell a 1\/t decay from a geometric one/);
  }
  assert.equal(plAlongRun(gdRun(3, (t) => 1 / (t + 1)), null, ZERO, 1), null);
  assert.match(verdict(gdRun(6, (t) => 0.9 ** t)).reason, /^too few epochs/);
});

Deno.test("the PL verdict reads through minibatch-like noise on the gradient: level holds, 1/t fails", () => {
  // ||grad L||^2 measured with 30% multiplicative noise (a noisy optimiser's trajectory)
  for (const seed of [1, 2, 3]) {
    const rng = mulberry32(seed);
    const noisy = (s: Series): Series => ({
      ...s,
      gradNormSq: s.gradNormSq.map((g) => g * Math.exp(0.3 * rng.normal())),
    });
    const g = verdict(noisy(gdRun(300, (t) => 0.5 * 0.98 ** t)));
    assert.equal(g.verdict, "holds", `seed ${seed}: ${g.reason}`);
    const s = verdict(noisy(gdRun(2000, (t) => 1 / (t + 10))));
    assert.equal(s.verdict, "fails", `seed ${seed}: ${s.reason}`);
  }
});

Deno.test("plReference() takes L* = 0 when the model can interpolate, else a floor under the run", () => {
  assert.deepEqual(plReference({ params: 150145, targets: 2000, fitted: 0.1, lowest: 0.2 }), ZERO);
  assert.deepEqual(plReference({ params: 100, targets: 2000, fitted: 0.1, lowest: 0.2 }), {
    reference: "floor",
    lStar: 0.1,
  });
  // a fitted limit above the lowest loss is capped by it: the run never goes below its L*
  assert.deepEqual(plReference({ params: 100, targets: 2000, fitted: 0.25, lowest: 0.2 }), {
    reference: "floor",
    lStar: 0.2,
  });
  assert.deepEqual(plReference({ params: null, targets: null, fitted: null, lowest: 0.2 }), ZERO);
});

Deno.test("summarize() judges PL against a fitted floor when the model cannot interpolate", () => {
  const series = gdRun(300, (t) => 0.05 + 0.5 * 0.97 ** t);
  const config = { suite: "toy", seed: 0, epochs: 300, lr: LR, width: 1 } as RunConfig;
  const small = summarize(series, config, { trainSize: 1000, params: 10 });
  assert.equal(small.plReference, "floor");
  assert.ok(Math.abs(small.plLStar! / 0.05 - 1) < 1e-3, String(small.plLStar));
  assert.equal(small.plVerdict, "holds", small.plReason!);
  const big = summarize(series, config, { trainSize: 1000, params: 10_000 });
  assert.equal(big.plReference, "zero");
  assert.equal(big.plVerdict, "fails", big.plReason!);
  assert.deepEqual(big.plWindow, [6, 300]);
});
