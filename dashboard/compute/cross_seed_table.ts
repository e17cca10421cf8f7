/**
 * The cross-seed table: one row per grid point (config without seed), each summary metric as
 * statistics across the seeds of the point's complete runs, led by the decay verdicts (how many
 * seeds got each model), its columns in the order of the metric catalogue
 * (src/report/metrics.ts: the decay fit's rho and decades, the PL minima against L* = 0, the
 * fitted L_inf and the terminal proxy, then Table 1's), a suite's own values after them.
 */
import { type Stats, stats } from "../../src/util/stats.ts";
import { type PointConfig, varyingKeys } from "../../src/sweep/grid_point.ts";
import type { RunStatus, Summary } from "../../src/report/schema.ts";
import { decayColumns } from "../../src/report/decay_text.ts";
import { metricsIn, metricValue } from "../../src/report/metrics.ts";

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

/** Column order of the catalogue's cross-seed metrics; a suite's own values follow alphabetically. */
export const METRIC_ORDER: readonly string[] = metricsIn("crossSeed").map((m) => m.key);

/** The catalogue's cross-seed metrics read from outside the summary's own fields (params, decay fit). */
const FROM_ELSEWHERE = metricsIn("crossSeed").filter((m) => m.from !== "summary").map((m) => m.key);

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

/** One grid point's row: statistics of each metric over the seeds of its complete runs. */
export function tableRow(pointId: string, items: readonly TableRun[]): TableRow {
  const complete = items.filter((r) => r.status === "complete");
  const values = new Map<string, number[]>();
  const decay: Record<string, number> = {};
  const push = (key: string, v: number) => {
    const list = values.get(key);
    if (list === undefined) values.set(key, [v]);
    else list.push(v);
  };
  for (const r of complete) {
    const source = { params: r.params, summary: r.summary ?? {} };
    for (const m of FROM_ELSEWHERE) {
      const v = metricValue(source, m);
      if (v !== null) push(m, v);
    }
    if (r.summary === null) continue;
    const d = decayColumns(r.summary);
    if (d.model !== null) decay[d.model] = (decay[d.model] ?? 0) + 1;
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
