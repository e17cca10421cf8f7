/**
 * The cross-seed table: one row per grid point (config without seed), each summary metric as
 * statistics across the seeds of the point's complete runs, led by the decay verdicts (how many
 * seeds got each model) with the decay fit's rho and decades (`decayRho`, `decayDecades`), then
 * the PL minima against L* = 0, the fitted L_inf and the terminal proxy.
 */
import { type Stats, stats } from "../../src/util/stats.ts";
import { type PointConfig, varyingKeys } from "../../src/sweep/grid_point.ts";
import type { RunStatus, Summary } from "../../src/report/schema.ts";
import { decayColumns } from "../../src/report/decay_text.ts";

/** Counts of runs by status. */
export interface StatusCounts {
  complete: number;
  diverged: number;
  failed: number;
}

/** The fields of a run the cross-seed table needs; `summary` is parsed for complete runs only. */
export interface TableRun {
  id: string;
  suite: string;
  sweepId: string;
  pointId: string;
  pointConfig: PointConfig;
  seed: number;
  status: RunStatus;
  params: number;
  summary: Summary | null;
}

/** One grid point of the table. */
export interface TableRow {
  pointId: string;
  config: PointConfig;
  /** Seeds of the complete runs the statistics are over, ascending. */
  seeds: number[];
  counts: StatusCounts;
  /** How many complete seeds got each decay verdict (summary.decay.model). */
  decay: Record<string, number>;
  metrics: Record<string, Stats>;
}

/** The whole table: `axes` are the config keys shown as columns, `metrics` the metric columns. */
export interface CrossSeedTable {
  axes: string[];
  metrics: string[];
  rows: TableRow[];
}

/**
 * Column order of the best-known metrics: the decay fit and the three PL minima first, then the
 * paper's Table 1; others follow alphabetically.
 */
export const METRIC_ORDER = [
  "decayRho",
  "decayDecades",
  "plMinZero",
  "plMinFit",
  "plMin",
  "plProxyShift",
  "params",
  "lambda0",
  "lambdaT",
  "ntkDriftPct",
  "lStar",
  "finalDrift",
  "plMedian",
  "plMedianZero",
  "contraction",
  "r2",
  "loglogSlope",
  "fullLambda0",
  "fullLambdaT",
  "finalLoss",
  "lipschitzK",
  "radius",
  "plBound",
  "etaOverEtaMax",
  "sharpness0",
  "sharpnessT",
  "sharpnessMax",
  "edgeEpoch",
  "edgeRatioMax",
  "edgeRatioAfterMedian",
  "rateBracketShare",
  "rateCurvatureMedian",
  "rateRatioMedian",
  "secondsPerEpoch",
];

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

/** One grid point's row: statistics of each metric over the seeds of its complete runs. */
export function tableRow(pointId: string, items: readonly TableRun[]): TableRow {
  const complete = items.filter((r) => r.status === "complete");
  const values = new Map<string, number[]>([["params", complete.map((r) => r.params)]]);
  const decay: Record<string, number> = {};
  const push = (key: string, v: number) => {
    const list = values.get(key);
    if (list === undefined) values.set(key, [v]);
    else list.push(v);
  };
  for (const r of complete) {
    if (r.summary === null) continue;
    const d = decayColumns(r.summary);
    if (d.model !== null) decay[d.model] = (decay[d.model] ?? 0) + 1;
    if (d.rho !== null) push("decayRho", d.rho);
    if (d.decades !== null) push("decayDecades", d.decades);
    for (const key in r.summary) {
      const v = r.summary[key];
      if (typeof v === "number") push(key, v);
    }
  }
  const metrics: Record<string, Stats> = {};
  for (const [key, list] of values) metrics[key] = stats(list);
  const counts: StatusCounts = { complete: 0, diverged: 0, failed: 0 };
  for (const r of items) counts[r.status]++;
  return {
    pointId,
    config: items[0]!.pointConfig,
    seeds: complete.map((r) => r.seed).sort((a, b) => a - b),
    counts,
    decay,
    metrics,
  };
}

/** Orders rows by the axes and lists the metrics with at least one value. */
export function assembleTable(rows: TableRow[], gridAxes: string[] = []): CrossSeedTable {
  const metricSet = new Set<string>();
  for (const row of rows) {
    for (const key in row.metrics) if (row.metrics[key]!.n > 0) metricSet.add(key);
  }
  const configs = rows.map((r) => r.config);
  const axes = [
    ...new Set([...gridAxes.filter((a) => a !== "seed"), ...varyingKeys(configs)]),
  ];
  const sorted = [...rows].sort((a, b) => {
    for (const axis of axes) {
      const c = compareValues(a.config[axis], b.config[axis]);
      if (c !== 0) return c;
    }
    return a.pointId.localeCompare(b.pointId);
  });
  const known = METRIC_ORDER.filter((m) => metricSet.has(m));
  const others = [...metricSet].filter((m) => !METRIC_ORDER.includes(m)).sort();
  return { axes, metrics: [...known, ...others], rows: sorted };
}

/**
 * Groups runs by grid point and aggregates every numeric summary metric (and `params`) across the
 * seeds of complete runs. `gridAxes` (the sweep's axes) are always shown; keys that vary are added.
 */
export function crossSeedTable(runs: readonly TableRun[], gridAxes: string[] = []): CrossSeedTable {
  const groups = new Map<string, TableRun[]>();
  for (const r of runs) {
    const g = groups.get(r.pointId);
    if (g === undefined) groups.set(r.pointId, [r]);
    else g.push(r);
  }
  return assembleTable([...groups].map(([id, items]) => tableRow(id, items)), gridAxes);
}

/**
 * The decay verdicts of a row as text, most frequent first: "geometric 3" or "power 2, undetermined
 * 1"; "–" without any.
 */
export function decayCounts(decay: Record<string, number>): string {
  const entries = Object.entries(decay).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? "–" : entries.map(([m, n]) => `${m} ${n}`).join(", ");
}

/** Display labels of the best-known metrics (keys are shown where there is none). */
export const METRIC_LABELS: Record<string, string> = {
  decayRho: "decay ρ",
  decayDecades: "gap decades",
  plMinZero: "PL min (L*=0)",
  plMinFit: "PL min (L*=L∞)",
  plProxyShift: "proxy shift",
  params: "#params",
  lambda0: "λ₀",
  lambdaT: "λ_T",
  ntkDriftPct: "NTK drift %",
  lStar: "L*",
  finalDrift: "final drift",
  plMin: "PL min (proxy)",
  plMedian: "PL median (proxy)",
  contraction: "contraction ρ (proxy)",
  r2: "R²",
  loglogSlope: "log-log slope",
  etaOverEtaMax: "η/η_max",
  sharpness0: "λ_max(H) start",
  sharpnessT: "λ_max(H) end",
  sharpnessMax: "λ_max(H) max",
  edgeEpoch: "at 2/η from",
  edgeRatioMax: "η λ_max(H)/2 max",
  edgeRatioAfterMedian: "η λ_max(H)/2 after",
  rateBracketShare: "rate in bracket",
  rateCurvatureMedian: "curvature met / λ_max(H)",
  rateRatioMedian: "measured / predicted log-rate",
};

/** The metrics of the paper's Table 1 (width ablation), in its column order. */
export const TABLE1_METRICS = [
  "params",
  "lambda0",
  "lambdaT",
  "ntkDriftPct",
  "lStar",
  "finalDrift",
  "plMin",
];
