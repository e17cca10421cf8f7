import assert from "node:assert/strict";
import type { Report, Summary } from "../report/schema.ts";
import { anyRegressed, compare } from "./compare.ts";
import { byConfig, collectStats, withRerunNoise } from "./point_stats.ts";
import { pointKey } from "../sweep/grid_point.ts";
import type { Decay } from "../report/schema.ts";
import { emptySummary, makeReport } from "../testing/report_factory.ts";

const calibration = { name: "matmul", seconds: 0.1 };

function night(reports: Report[], calSeconds = 0.1) {
  return collectStats(reports, {
    set: "nightly",
    calibration: { ...calibration, seconds: calSeconds },
    classify: byConfig(new Set(["lemniscate"])),
    env: {},
    createdAt: "2026-01-01T00:00:00Z",
  });
}

function mlp(seed: number, over: Partial<Summary> = {}, lr = 0.001): Report {
  const summary: Partial<Summary> = {
    lStar: 0.01 * (1 + 0.05 * seed),
    plMin: 0.3 + 0.01 * seed,
    contraction: 0.98 + 0.001 * seed,
    ntkDriftPct: 5 + seed,
    weylVacuous: false,
    secondsPerEpoch: 0.2 + 0.01 * seed,
    window: [2, 8],
    windowSource: "auto",
    ...over,
  };
  return makeReport({ config: { suite: "mlp-mnist", seed, lr, width: 16 }, summary });
}

function toy(seed: number, rate: number): Report {
  return makeReport({
    config: { suite: "lemniscate", seed, lr: 0.001, width: 2 },
    summary: { lStar: 1e-12, contraction: rate, secondsPerEpoch: 1e-5 },
  });
}

const baselineReports = [mlp(0), mlp(1), toy(0, 0.999), toy(1, 0.999)];

function verdictOf(reports: Report[], metric: string, suite = "mlp-mnist") {
  const verdicts = compare(night(reports), night(baselineReports));
  return verdicts.filter((v) => v.metric === metric && v.suite === suite);
}

Deno.test("compare() passes every metric when the night equals the baseline", () => {
  const verdicts = compare(night(baselineReports), night(baselineReports));
  assert.ok(verdicts.length > 10);
  assert.deepEqual(verdicts.filter((v) => v.verdict !== "pass"), []);
  assert.equal(anyRegressed(verdicts), false);
});

Deno.test("compare() tolerates seed-level noise within the baseline's spread", () => {
  // lStar across the baseline seeds is 0.01 and 0.0105: sample std 3.5e-4; a 1e-4 shift passes.
  const shifted = [mlp(0, { lStar: 0.0101 }), mlp(1, { lStar: 0.0106 })];
  const [v] = verdictOf(shifted, "lStar");
  assert.equal(v?.verdict, "pass");
  const std = Math.sqrt(((0.01 - 0.0105) ** 2) / 1) / Math.sqrt(2);
  assert.ok(Math.abs((v?.tolerance ?? 0) - 3 * std) < 1e-15);
});

Deno.test("compare() flags a higher lStar as a regression of lStar, with the tolerance used", () => {
  const worse = [mlp(0, { lStar: 0.02 }), mlp(1, { lStar: 0.021 })];
  const verdicts = compare(night([...worse, toy(0, 0.999), toy(1, 0.999)]), night(baselineReports));
  const regressed = verdicts.filter((v) => v.verdict === "regressed");
  assert.deepEqual(regressed.map((v) => v.metric), ["lStar"]);
  const v = regressed[0]!;
  assert.equal(v.observed, 0.0205);
  assert.equal(v.baseline, 0.01025);
  assert.ok(v.tolerance !== null && v.tolerance > 0 && v.tolerance < 0.0102);
  assert.deepEqual(v.runs, { "0": worse[0]!.id, "1": worse[1]!.id });
  assert.equal(anyRegressed(verdicts), true);
});

Deno.test("compare() calls a lower lStar an improvement and a lower plMin a regression", () => {
  assert.equal(
    verdictOf([mlp(0, { lStar: 0.001 }), mlp(1, { lStar: 0.001 })], "lStar")[0]?.verdict,
    "improved",
  );
  assert.equal(
    verdictOf([mlp(0, { plMin: 0.1 }), mlp(1, { plMin: 0.1 })], "plMin")[0]?.verdict,
    "regressed",
  );
});

Deno.test("compare() treats any change of a neutral metric beyond tolerance as a regression", () => {
  const up = verdictOf([mlp(0, { ntkDriftPct: 50 }), mlp(1, { ntkDriftPct: 51 })], "ntkDriftPct");
  const down = verdictOf([mlp(0, { ntkDriftPct: 0.5 }), mlp(1, { ntkDriftPct: 1 })], "ntkDriftPct");
  assert.equal(up[0]?.verdict, "regressed");
  assert.equal(down[0]?.verdict, "regressed");
  const flip = verdictOf([mlp(0, { weylVacuous: true }), mlp(1)], "weylVacuous");
  assert.equal(flip[0]?.verdict, "regressed");
});

Deno.test("compare() flags a slower epoch as a speedRatio regression, relative to the calibration", () => {
  const slow = [mlp(0, { secondsPerEpoch: 0.4 }), mlp(1, { secondsPerEpoch: 0.42 })];
  assert.equal(
    compare(night(slow), night(baselineReports)).find((v) => v.metric === "speedRatio")?.verdict,
    "regressed",
  );
  // The same slowdown on a machine twice as slow (calibration 0.2 s) is no regression.
  const verdicts = compare(night(slow, 0.2), night(baselineReports));
  assert.equal(verdicts.find((v) => v.metric === "speedRatio")?.verdict, "pass");
});

Deno.test("compare() uses tight absolute tolerances for exact toys", () => {
  const base = night(baselineReports);
  const off = compare(night([mlp(0), mlp(1), toy(0, 0.99901), toy(1, 0.99901)]), base);
  const v = off.find((x) => x.suite === "lemniscate" && x.metric === "contraction");
  assert.equal(v?.verdict, "regressed"); // faster would be "improved"; 0.99901 > 0.999 is slower
  assert.ok(v?.tolerance !== null && (v?.tolerance ?? 1) < 1e-5);
  assert.equal(off.some((x) => x.suite === "lemniscate" && x.metric === "speedRatio"), false);
});

Deno.test("compare() flags a seed that diverges now as a completeRuns regression only", () => {
  const diverged = { ...mlp(1), status: "diverged" as const, summary: emptySummary() };
  const verdicts = compare(
    night([mlp(0), diverged, toy(0, 0.999), toy(1, 0.999)]),
    night(baselineReports),
  );
  const bad = verdicts.filter((v) => v.verdict !== "pass");
  assert.deepEqual(bad.map((v) => `${v.metric}:${v.verdict}`), ["completeRuns:regressed"]);
});

Deno.test("compare() compares a shard's seeds to the same seeds of the baseline", () => {
  const shardNight = night([mlp(1), toy(0, 0.999)]);
  const verdicts = compare(shardNight, night(baselineReports));
  assert.deepEqual(verdicts.filter((v) => v.verdict !== "pass"), []);
  const v = verdicts.find((x) => x.metric === "lStar" && x.suite === "mlp-mnist");
  assert.equal(v?.baseline, 0.0105);
});

Deno.test("compare() reports an expected grid point without reports as regressed, a new one as new", () => {
  const expected = [pointKey(mlp(0).config), pointKey(toy(0, 1).config)];
  const verdicts = compare(
    night([toy(0, 0.999), toy(1, 0.999), mlp(0, {}, 0.5)]),
    night(baselineReports),
    expected,
  );
  const missing = verdicts.find((v) => v.point === expected[0]);
  assert.equal(missing?.verdict, "regressed");
  assert.equal(missing?.metric, "completeRuns");
  const fresh = verdicts.find((v) => v.point === pointKey(mlp(0, {}, 0.5).config));
  assert.equal(fresh?.verdict, "new");
});

Deno.test("compare() leaves speed uncompared when the calibration benchmark differs", () => {
  const slow = [mlp(0, { secondsPerEpoch: 4 }), mlp(1, { secondsPerEpoch: 4 })];
  const other = { ...night(slow), calibration: { name: "matmul-webgpu", seconds: 0.1 } };
  const v = compare(other, night(baselineReports)).find((x) => x.metric === "speedRatio");
  assert.equal(v?.verdict, "pass");
  assert.match(v?.note ?? "", /not compared: calibration matmul-webgpu differs/);
});

Deno.test("compare() flags a perturbed init as a regression of the NTK at initialisation", () => {
  // A larger init scale multiplies the NTK: lambda0 is neutral, so any change beyond tolerance fails.
  const base = [mlp(0, { lambda0: 2.0 }), mlp(1, { lambda0: 2.2 })];
  const perturbed = [mlp(0, { lambda0: 4.1 }), mlp(1, { lambda0: 4.3 })];
  const verdicts = compare(night(perturbed), night(base));
  const bad = verdicts.filter((v) => v.verdict !== "pass");
  assert.deepEqual(bad.map((v) => `${v.metric}:${v.verdict}`), ["lambda0:regressed"]);
});

Deno.test("compare() ignores wall-clock timings in the summary other than the speed ratio", () => {
  const base = [mlp(0, { probeSeconds: 1 }), mlp(1, { probeSeconds: 1.1 })];
  const loaded = [mlp(0, { probeSeconds: 9 }), mlp(1, { probeSeconds: 9 })];
  const verdicts = compare(night(loaded), night(base));
  assert.equal(verdicts.some((v) => v.metric === "probeSeconds"), false);
  assert.deepEqual(verdicts.filter((v) => v.verdict !== "pass"), []);
});

/** A baseline whose every metric was measured again with the same values: rerun noise 0. */
const mlpLStar = (v: { metric: string; suite: string }) =>
  v.metric === "lStar" && v.suite === "mlp-mnist";

function measured(reports: Report[]) {
  return withRerunNoise(night(reports), night(reports));
}

Deno.test("compare() with rerun noise compares each seed with its own value", () => {
  const base = measured(baselineReports);
  assert.equal(base.points[pointKey(mlp(0).config)]!.metrics.lStar!.rerun, 0);
  // one seed 1% higher: far inside the seeds' spread (5%), far outside a rerun's (0)
  const shifted = [mlp(0, { lStar: 0.0101 }), mlp(1), toy(0, 0.999), toy(1, 0.999)];
  const v = compare(night(shifted), base).find(mlpLStar)!;
  assert.equal(v.verdict, "regressed");
  assert.match(v.note!, /per seed: 1 of 2 outside 3 x rerun noise; seed 0 0.0101 vs 0.01/);
  assert.ok(Math.abs(v.tolerance! - 1e-4 * 0.0105) < 1e-15); // the larger seed's floor
  // the same shift against a baseline without rerun noise passes within 3 std across seeds
  assert.equal(
    compare(night(shifted), night(baselineReports)).find(mlpLStar)!
      .verdict,
    "pass",
  );
  // within the floor 1e-4 |value| it passes; a measured rerun noise widens it to 3 x that noise
  const tiny = [mlp(0, { lStar: 0.01 * (1 + 5e-5) }), mlp(1), toy(0, 0.999), toy(1, 0.999)];
  assert.equal(compare(night(tiny), base).find(mlpLStar)!.verdict, "pass");
  const noisy = withRerunNoise(night(baselineReports), night([mlp(0, { lStar: 0.0104 }), mlp(1)]));
  const wide = compare(night(shifted), noisy).find(mlpLStar)!;
  assert.equal(wide.verdict, "pass");
  assert.ok(Math.abs(wide.tolerance! - 3 * 0.0004) < 1e-12);
});

Deno.test("compare() flags a changed decay model and names both verdicts", () => {
  const decay = (model: Decay["model"]) => ({ model, rho: null, gapDecades: 0.3 }) as Decay;
  const base = measured([mlp(0, { decay: decay("geometric") }), mlp(1, { decay: decay("power") })]);
  const changed = [mlp(0, { decay: decay("undetermined") }), mlp(1, { decay: decay("power") })];
  const v = compare(night(changed), base).find((x) => x.metric === "decayModel")!;
  assert.equal(v.verdict, "regressed");
  assert.match(v.note!, /seed 0 undetermined vs geometric/);
});

Deno.test("compare() keeps the means on another backend than the baseline's", () => {
  const base = measured(baselineReports);
  const shifted = [mlp(0, { lStar: 0.0101 }), mlp(1), toy(0, 0.999), toy(1, 0.999)];
  const other = { ...night(shifted), env: { backend: "webgpu" } };
  assert.equal(compare(other, base).find(mlpLStar)!.verdict, "pass");
});
