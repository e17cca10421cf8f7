import assert from "node:assert/strict";
import type { RunConfig } from "../config/run_config.ts";
import type { NtkSeries, Series, Summary } from "../report/schema.ts";
import { SUMMARY_FIELDS } from "../report/metrics.ts";
import { summarize } from "./summarize.ts";

function assertEveryFieldDefinedAndFinite(s: Summary): void {
  for (const key of SUMMARY_FIELDS) {
    assert.ok(key in s && s[key] !== undefined, `missing ${key}`);
    const v = s[key];
    if (typeof v === "number") assert.ok(Number.isFinite(v), `${key} = ${v}`);
  }
}

function ntk(epochs: number[], lambdaMin: number[], k: number): NtkSeries {
  return {
    epoch: epochs,
    lambdaMin,
    lambdaMax: lambdaMin.map((l) => 40 * l),
    kernelShift: lambdaMin.map((l) => Math.abs(l - lambdaMin[0]!)),
    drift: epochs.map((e) => 0.01 * e),
    k,
    belowNoiseFloor: lambdaMin.map(() => false),
  };
}

/** A geometric run: L_t = 0.01 + 0.5 rho^t, ||grad||^2 = 2 mu (L_t - 0.01), 2 s per epoch. */
function geometricSeries(epochs: number, rho: number, mu: number): Series {
  const epoch = Array.from({ length: epochs + 1 }, (_, t) => t);
  const loss = epoch.map((t) => 0.01 + 0.5 * rho ** t);
  return {
    epoch,
    loss,
    gradNormSq: loss.map((l) => 2 * mu * (l - 0.01)),
    drift: epoch.map((t) => 0.01 * t),
    lr: epoch.map(() => 0.002),
    seconds: epoch.map((t) => 2 * t + 0.5),
  };
}

const config: RunConfig = { suite: "t", seed: 0, epochs: 100, lr: 0.002, width: 8 };

Deno.test("summarize() fills every field on a geometric run with NTK series", () => {
  const series = geometricSeries(100, 0.95, 0.3);
  series.ntk = ntk([0, 50, 100], [4, 3.9, 3.8], 16);
  series.fullNtk = ntk([0, 100], [1, 0.95], 200);
  const s = summarize(series, config, { trainSize: 200 });
  assertEveryFieldDefinedAndFinite(s);
  assert.equal(s.lStar, series.loss[100]);
  assert.equal(s.windowSource, "auto");
  const [a, b] = s.window!;
  assert.ok(a > 0 && b < 100 && b - a >= 20, `window ${a}:${b}`);
  // Inside the window the proxy bias is small: contraction close to rho, PL ratio above mu.
  assert.ok(Math.abs(s.contraction! - 0.95) < 0.01, String(s.contraction));
  assert.ok(s.r2! > 0.99);
  assert.ok(s.plMin! >= 0.3 && s.plMin! < 0.3 * 1.3, String(s.plMin));
  assert.ok(Math.abs(s.loglogSlope! - 1) < 0.15, String(s.loglogSlope));
  // L_inf free: the decay is geometric with its true rate and limit over 2.2 decades of gap
  // (post-transient run: after the first 2% of the epochs), and the PL ratio against L_inf is mu
  const d = s.decay!;
  assert.equal(d.model, "geometric");
  assert.deepEqual(d.window, [2, 100]);
  assert.ok(Math.abs(d.rho! - 0.95) < 1e-9 && Math.abs(d.lInf! - 0.01) < 1e-9);
  assert.equal(s.decayWindow!.model, "geometric");
  assert.ok(Math.abs(s.plMinFit! - 0.3) < 1e-6, String(s.plMinFit));
  assert.ok(Math.abs(s.plProxyShift! - s.plMin! / s.plMinFit!) < 1e-12);
  assert.ok(s.plProxyShift! >= 1);
  // against L* = 0 the ratio is mu (L - 0.01) / L, smallest at the end
  const lastLoss = series.loss[100]!;
  assert.ok(Math.abs(s.plMinZero! - (0.3 * (lastLoss - 0.01)) / lastLoss) < 1e-12);
  // no parameter count: L* is the fitted floor 0.01, and the ratio against it is mu throughout
  assert.equal(s.plReference, "floor");
  assert.ok(Math.abs(s.plLStar! - 0.01) < 1e-9);
  assert.equal(s.plVerdict, "holds", s.plReason!);
  assert.ok(Math.abs(s.plEarly! - 0.3) < 1e-6 && Math.abs(s.plFall! - 1) < 1e-6);
  // the kernel moves by |lambda_min(K_t) - lambda_min(K_0)|: at most 0.2 of lambda_0 = 4
  assert.ok(Math.abs(s.kernelShiftRatio! - 0.05) < 1e-12);
  assert.equal(s.lambda0, 4);
  assert.equal(s.lambdaT, 3.8);
  assert.ok(Math.abs(s.ntkDriftPct! + 5) < 1e-9); // signed: lambda_min fell 5%
  assert.equal(s.fullLambda0, 1);
  assert.equal(s.fullLambdaT, 0.95);
  assert.equal(s.finalDrift, 1);
  assert.equal(s.finalLoss, s.lStar);
  // full kernel: L_K = 0.05 / 1, R = 1, bound (1 - 0.05) / 200
  assert.equal(s.plBoundKernel, "full");
  assert.ok(Math.abs(s.lipschitzK! - 0.05) < 1e-12);
  assert.equal(s.radius, 1);
  assert.equal(s.weylVacuous, false); // shift 0.05 < lambda_0 = 1
  assert.ok(Math.abs(s.plBound! - 0.95 / 200) < 1e-12);
  // Lemma 5.3 floors; the full-kernel identity holds (ratio >= lambda_min / n everywhere)
  assert.equal(s.lambdaMinFloor, 3.8);
  assert.ok(Math.abs(s.lambdaMinRatio! - 0.95) < 1e-12);
  assert.equal(s.fullLambdaMinFloor, 0.95);
  assert.equal(s.ntkViolation, 0);
  assert.equal(s.ntkSuspect, false);
  // eta / eta_max = lr lambda_max(K_0) / (2n) = 0.002 * 40 / 400
  assert.equal(s.etaMaxSource, "full");
  assert.ok(Math.abs(s.etaOverEtaMax! - 0.0002) < 1e-15);
  assert.ok(Math.abs(s.secondsPerEpoch! - 2) < 1e-12);
});

/** Series of a loss curve with its gradient norm, one epoch apart. */
function curve(epochs: number, loss: (t: number) => number, gradSq: (l: number) => number): Series {
  const epoch = Array.from({ length: epochs + 1 }, (_, t) => t);
  const l = epoch.map(loss);
  return {
    epoch,
    loss: l,
    gradNormSq: l.map(gradSq),
    drift: epoch.map(() => 0),
    lr: epoch.map(() => 0.002),
    seconds: epoch.map((t) => t),
  };
}

Deno.test("summarize(): the proxy's straight line on sublinear and linear curves is not geometric", () => {
  // the paper's window fit against L* = final loss reports a rate with r2 > 0.99 on all three;
  // the decay selection with L_inf free says power or linear (or that a line over 0.7 decades
  // is too short to tell), and the PL verdict along the run fails the sublinear ones; a line to
  // zero with a steady gradient has a rising ratio 1 / L, which PL allows (it is faster than
  // geometric at the end)
  const cases: [Series, string, string][] = [
    [curve(200, (t) => 1 / (10 + t), (l) => l * l), "power", "fails"],
    [curve(200, (t) => 1 / (10 + t) ** 2, (l) => 4 * l ** 1.5), "power", "fails"],
    [curve(200, (t) => 1 - 0.00495 * t, () => 2), "linear", "holds"],
    [curve(200, (t) => 1 - 0.004 * t, () => 2), "undetermined", "inconclusive"],
  ];
  for (const [series, model, pl] of cases) {
    const s = summarize(series, { ...config, epochs: 200 }, { trainSize: null });
    assert.ok(s.contraction! < 0.995 && s.r2! > 0.99, `${s.contraction} ${s.r2}`);
    assert.equal(s.decay!.model, model, s.decay!.reason ?? "");
    assert.ok(s.plMinZero! < s.plMin!, `${s.plMinZero} vs ${s.plMin}`);
    assert.equal(s.plVerdict, pl, s.plReason!);
  }
});

Deno.test("summarize() uses the subset kernel for eta_max and the bound when no full kernel", () => {
  const series = geometricSeries(60, 0.9, 1);
  series.ntk = ntk([0, 30, 60], [4, 3.9, 3.8], 16);
  const s = summarize(series, config, { trainSize: 200 });
  assertEveryFieldDefinedAndFinite(s);
  assert.equal(s.etaMaxSource, "subset");
  assert.ok(Math.abs(s.etaOverEtaMax! - (0.002 * 160) / 32) < 1e-15);
  assert.equal(s.plBoundKernel, "subset");
  assert.equal(s.fullLambda0, null);
});

Deno.test("summarize() applies a window override from the config", () => {
  const series = geometricSeries(100, 0.95, 0.3);
  const s = summarize(series, { ...config, window: "10:40" }, { trainSize: null });
  assert.deepEqual(s.window, [10, 40]);
  assert.equal(s.windowSource, "override");
  const ratios = series.epoch.slice(10, 41).map((t) =>
    series.gradNormSq[t]! / (2 * (series.loss[t]! - series.loss[100]!))
  );
  assert.equal(s.plMin, Math.min(...ratios));
  assert.equal(s.etaOverEtaMax, null);
  assert.equal(s.plBound, null);
  assert.throws(
    () => summarize(series, { ...config, window: "10:400" }, { trainSize: null }),
    /a < b <= 100/,
  );
});

Deno.test("summarize() of a one-epoch run is all null, never NaN", () => {
  const series: Series = {
    epoch: [0],
    loss: [1],
    gradNormSq: [0],
    drift: [0],
    lr: [0.1],
    seconds: [0],
  };
  const s = summarize(series, config, { trainSize: 10 });
  assertEveryFieldDefinedAndFinite(s);
  assert.equal(s.window, null);
  assert.equal(s.plMin, null);
  assert.equal(s.secondsPerEpoch, null);
  assert.equal(s.lStar, 1);
});
