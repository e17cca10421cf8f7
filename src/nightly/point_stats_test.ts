import assert from "node:assert/strict";
import type { Decay } from "../report/schema.ts";
import { byConfig, collectStats, runMetrics, withRerunNoise } from "./point_stats.ts";
import { makeReport } from "../testing/report_factory.ts";

function stats(lStar: [number | null, number | null]) {
  const reports = [0, 1].map((seed) =>
    makeReport({ config: { suite: "mlp-mnist", seed }, summary: { lStar: lStar[seed]! } })
  );
  return collectStats(reports, {
    set: "nightly",
    calibration: { name: "m", seconds: 0.1 },
    classify: byConfig(new Set()),
    env: {},
    createdAt: "2026-01-01T00:00:00Z",
  });
}

Deno.test("runMetrics() flattens the headline decay verdict into decayModel, decayRho, decayDecades", () => {
  const decay = { model: "geometric", rho: 0.97, gapDecades: 2.5 } as Decay;
  const r = makeReport({
    config: { suite: "mlp-mnist", seed: 0 },
    summary: { decay, plMinZero: 0.4 },
  });
  const m = runMetrics(r, 0.1, false);
  assert.deepEqual([m.decayModel, m.decayRho, m.decayDecades, m.plMinZero], [0, 0.97, 2.5, 0.4]);
  assert.equal("decay" in m, false);
  const none = runMetrics(makeReport({ config: { suite: "mlp-mnist", seed: 0 } }), 0.1, false);
  assert.equal("decayModel" in none, false);
});

Deno.test("withRerunNoise() is the largest difference between two runs of a cell over the seeds", () => {
  const noise = withRerunNoise(stats([0.5, 0.25]), stats([0.5, 0.2]));
  const metric = Object.values(noise.points)[0]!.metrics.lStar!;
  assert.ok(Math.abs(metric.rerun! - 0.05) < 1e-15);
  assert.deepEqual(metric.values, { "0": 0.5, "1": 0.25 }); // the first run's values
  // a value only one run has does not reproduce: its size is the noise
  const flip = withRerunNoise(stats([0.5, null]), stats([0.5, 0.3]));
  assert.equal(Object.values(flip.points)[0]!.metrics.lStar!.rerun, 0.3);
});
