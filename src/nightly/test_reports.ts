/**
 * A night's verdict report for the tests of the nightly pages and uploads (run reports for tests
 * come from src/testing/report_factory.ts).
 */
import type { NightReport } from "./night_report.ts";

/** A night report with one regressed verdict. */
export function sampleNight(id = "2026-01-01T03:00:00Z-h-0of1"): NightReport {
  return {
    schema: 1,
    kind: "plbench-nightly",
    id,
    set: "nightly",
    startedAt: "2026-01-01T03:00:00.000Z",
    finishedAt: "2026-01-01T03:04:00.000Z",
    seconds: 240,
    shard: { index: 0, count: 1 },
    hostname: "h",
    backend: "wasm",
    calibration: { name: "m", seconds: 0.05 },
    baseline: {
      path: "b.json",
      createdAt: "2025-12-31T00:00:00Z",
      calibration: { name: "m", seconds: 0.05 },
    },
    counts: { pass: 0, regressed: 1, improved: 0, new: 0 },
    regressed: true,
    verdicts: [
      {
        point: '{"lr":0.1,"suite":"mlp-mnist"}',
        suite: "mlp-mnist",
        metric: "lStar",
        verdict: "regressed",
        direction: "higher-is-worse",
        observed: 0.2,
        baseline: 0.1,
        tolerance: 0.01,
        seeds: [0, 1],
        runs: { "0": "abc" },
        note: null,
      },
    ],
    notes: [],
  };
}
