/**
 * Across-seed statistics of a night's reports, grouped by grid point: the observations that are
 * compared to a baseline, and what a baseline is recorded from.
 */
import type { Report } from "../report/schema.ts";
import { type Baseline, BASELINE_SCHEMA, type Calibration, type MetricStats } from "./baseline.ts";
import type { PointStats } from "./baseline.ts";
import {
  CLAIM_VERDICT_CODES,
  DECAY_MODEL_CODES,
  isTiming,
  SKIPPED_SUMMARY_KEYS,
} from "./metrics.ts";
import { pointKey } from "../sweep/grid_point.ts";
import { stats } from "../util/stats.ts";

type Scalar = number | string | boolean;

/**
 * Mean, sample standard deviation and count of the finite values (`stats()`). A baseline records a
 * number as std: where `stats()` has none (fewer than two seeds) it records 0, so the tolerance of
 * such a metric comes from its relative and absolute floors alone (`toleranceFor`).
 */
export function describeValues(values: Record<string, number | null>): MetricStats {
  const s = stats(Object.values(values).filter((v): v is number => v !== null));
  return { mean: s.mean, std: s.std ?? 0, n: s.n, values };
}

function metricValue(value: unknown): number | null | undefined {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === null) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  return undefined; // strings, windows: not compared
}

/**
 * The per-run values compared nightly: each summary metric, the headline decay verdict flattened
 * (`decayModel` coded as DECAY_MODEL_CODES, `decayRho`, `decayDecades`), the PL verdict along
 * the run (`plVerdict`, coded as CLAIM_VERDICT_CODES), `completeRuns` and `speedRatio`.
 */
export function runMetrics(
  report: Report,
  calibrationSeconds: number,
  trackSpeed: boolean,
): Record<string, number | null> {
  const out: Record<string, number | null> = { completeRuns: report.status === "complete" ? 1 : 0 };
  if (report.status !== "complete") return out;
  for (const [name, raw] of Object.entries(report.summary)) {
    if (SKIPPED_SUMMARY_KEYS.has(name) || isTiming(name)) continue;
    const v = metricValue(raw);
    if (v !== undefined) out[name] = v;
  }
  const decay = report.summary.decay;
  if (decay !== null && decay !== undefined) {
    out.decayModel = DECAY_MODEL_CODES[decay.model] ?? null;
    out.decayRho = metricValue(decay.rho) ?? null;
    out.decayDecades = metricValue(decay.gapDecades) ?? null;
  }
  const pl = report.summary.plVerdict;
  if (typeof pl === "string") out.plVerdict = CLAIM_VERDICT_CODES[pl] ?? null;
  if (trackSpeed) {
    const spe = report.summary.secondsPerEpoch;
    out.speedRatio = typeof spe === "number" && Number.isFinite(spe) && spe > 0
      ? spe / calibrationSeconds
      : null;
  }
  return out;
}

/** Where a report belongs: its grid point key and whether that point is an exact toy. */
export type Classify = (report: Report) => { key: string; exact: boolean };

/** Classifies reports by their whole config (minus seed); `exactSuites` are the closed-form toys. */
export function byConfig(exactSuites: ReadonlySet<string>): Classify {
  return (r) => ({ key: pointKey(r.config), exact: exactSuites.has(r.suite) });
}

/** Options of `collectStats`. */
export interface CollectOptions {
  set: string;
  calibration: Calibration;
  classify: Classify;
  env: Record<string, string | null>;
  createdAt: string;
}

/** Groups reports by grid point and computes across-seed statistics of every compared metric. */
export function collectStats(reports: Report[], options: CollectOptions): Baseline {
  const groups = new Map<string, Report[]>();
  const exactness = new Map<string, boolean>();
  for (const r of reports) {
    const { key, exact } = options.classify(r);
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
    exactness.set(key, exact);
  }
  const points: Record<string, PointStats> = {};
  for (const key of [...groups.keys()].sort()) {
    const runs = (groups.get(key) ?? []).slice().sort((a, b) => a.config.seed - b.config.seed);
    const first = runs[0]!;
    const exact = exactness.get(key) ?? false;
    const perSeed = new Map<string, Record<string, number | null>>();
    const names = new Set<string>();
    for (const r of runs) {
      const m = runMetrics(r, options.calibration.seconds, !exact);
      perSeed.set(String(r.config.seed), m);
      for (const name of Object.keys(m)) names.add(name);
    }
    const metrics: Record<string, MetricStats> = {};
    for (const name of [...names].sort()) {
      const values: Record<string, number | null> = {};
      for (const [seed, m] of perSeed) values[seed] = m[name] ?? null;
      metrics[name] = describeValues(values);
    }
    const config: Record<string, Scalar> = { ...first.config };
    delete config.seed;
    points[key] = {
      suite: first.suite,
      config,
      exact,
      seeds: runs.map((r) => r.config.seed),
      runs: Object.fromEntries(runs.map((r) => [String(r.config.seed), r.id])),
      metrics,
    };
  }
  return {
    schema: BASELINE_SCHEMA,
    createdAt: options.createdAt,
    set: options.set,
    env: options.env,
    calibration: options.calibration,
    points,
  };
}

/**
 * `first` with the rerun noise of every metric measured against `second`, the same cells run again:
 * per grid point, the largest |difference| over the seeds both ran. A value defined in one run and
 * not the other counts as a difference of its size (the metric does not reproduce).
 */
export function withRerunNoise(first: Baseline, second: Baseline): Baseline {
  const out = structuredClone(first);
  for (const [key, point] of Object.entries(out.points)) {
    const again = second.points[key];
    if (again === undefined) continue;
    for (const [name, m] of Object.entries(point.metrics)) {
      const other = again.metrics[name];
      if (other === undefined) continue;
      let rerun = 0;
      for (const [seed, v] of Object.entries(m.values)) {
        const w = other.values[seed];
        if (w === undefined) continue;
        if (v !== null && w !== null) rerun = Math.max(rerun, Math.abs(v - w));
        else if (v !== w) rerun = Math.max(rerun, Math.abs(v ?? w ?? 0));
      }
      m.rerun = rerun;
    }
  }
  return out;
}
