/**
 * Builders of schema-shaped reports for the unit tests of the nightly core (report-level data only;
 * the end-to-end test trains real runs).
 */
import type { RunConfig } from "../config/run_config.ts";
import { type Report, REPORT_SCHEMA, type Summary } from "../report/schema.ts";
import { emptySummary } from "../report/build.ts";
import type { NightReport } from "./night_report.ts";

/** A summary with every field null, overridden by `values`. */
export function summaryWith(values: Partial<Summary>): Summary {
  const base: Summary = emptySummary();
  return { ...base, ...values } as Summary;
}

/** A complete report of `config` with `summary`; the id is derived from the config. */
export function reportWith(
  config: Partial<RunConfig> & { suite: string },
  summary: Summary,
): Report {
  const full: RunConfig = { seed: 0, epochs: 10, lr: 0.1, width: 8, ...config } as RunConfig;
  const id = `${full.suite}-w${full.width}-lr${full.lr}-s${full.seed}`;
  return {
    schema: REPORT_SCHEMA,
    id,
    suite: full.suite,
    sweep: {
      id: "sweep",
      suite: full.suite,
      grid: {},
      cells: 1,
      shard: { index: 0, count: 1 },
    },
    config: full,
    status: "complete",
    divergedAt: null,
    error: null,
    params: 10,
    trainSize: null,
    env: {
      backend: "wasm",
      adapter: null,
      deno: "2",
      tfjs: "4",
      os: "linux",
      arch: "x86_64",
      hostname: "h",
    },
    startedAt: "2026-01-01T00:00:00Z",
    finishedAt: "2026-01-01T00:00:01Z",
    series: { epoch: [0], loss: [1], gradNormSq: [1], drift: [0], lr: [0.1], seconds: [0] },
    summary,
    notes: [],
  };
}

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
