/**
 * A summary metric over two grid axes: each cell pools the complete runs of the grid points with
 * that pair of values (a seed-count-weighted mean of the points' means).
 */
import type { ConfigValue } from "../../src/config/run_config.ts";
import type { CrossSeedTable } from "./cross_seed_table.ts";

/** One cell: mean over `n` runs from `points` grid points (null when none). */
export interface HeatCell {
  mean: number | null;
  n: number;
  points: number;
}

/** The heatmap: `cells[j][i]` is at y value j and x value i. */
export interface Heatmap {
  metric: string;
  x: string;
  y: string;
  xValues: ConfigValue[];
  yValues: ConfigValue[];
  cells: HeatCell[][];
  /** True when some cell pools several grid points (other axes vary). */
  pooled: boolean;
  /** Whether colours use a log scale (all values positive and spanning over two decades). */
  logColor: boolean;
  /** How many distinct values each axis has; only the first MAX_HEAT_VALUES are drawn. */
  xCount: number;
  yCount: number;
}

/** Whether a table has what a heatmap needs: a metric with a value and an axis. */
export function heatmapAnswers(table: CrossSeedTable): boolean {
  return table.metrics.length > 0 && table.axes.length > 0;
}

/** The most values of one axis a heatmap draws (so it has at most 200 x 200 cells). */
export const MAX_HEAT_VALUES = 200;

function isScalar(v: unknown): v is ConfigValue {
  return typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && isFinite(v));
}

function distinct(values: unknown[]): ConfigValue[] {
  const seen = new Map<string, ConfigValue>();
  for (const v of values) if (isScalar(v)) seen.set(JSON.stringify(v), v);
  return [...seen.values()].sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b))
  );
}

function minMax(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Builds the heatmap of `metric` over axes `x` and `y` of a cross-seed table (the first
 * MAX_HEAT_VALUES values of each axis, in order).
 */
export function heatmap(table: CrossSeedTable, metric: string, x: string, y: string): Heatmap {
  const xAll = distinct(table.rows.map((r) => r.config[x]));
  const yAll = distinct(table.rows.map((r) => r.config[y]));
  const xValues = xAll.slice(0, MAX_HEAT_VALUES);
  const yValues = yAll.slice(0, MAX_HEAT_VALUES);
  const key = (v: ConfigValue | undefined) => JSON.stringify(v);
  const xIndex = new Map(xValues.map((v, i) => [key(v), i]));
  const yIndex = new Map(yValues.map((v, j) => [key(v), j]));
  const acc = yValues.map(() => xValues.map(() => ({ sum: 0, n: 0, points: 0 })));
  for (const row of table.rows) {
    const i = xIndex.get(key(row.config[x]));
    const j = yIndex.get(key(row.config[y]));
    const s = row.metrics[metric];
    if (i === undefined || j === undefined || s === undefined || s.mean === null) continue;
    const cell = acc[j]![i]!;
    cell.sum += s.mean * s.n;
    cell.n += s.n;
    cell.points++;
  }
  const cells = acc.map((row) =>
    row.map((c) => ({ mean: c.n > 0 ? c.sum / c.n : null, n: c.n, points: c.points }))
  );
  const values = cells.flat().map((c) => c.mean).filter((v): v is number => v !== null);
  const [min, max] = minMax(values);
  return {
    metric,
    x,
    y,
    xValues,
    yValues,
    cells,
    pooled: cells.flat().some((c) => c.points > 1),
    logColor: values.length > 0 && min > 0 && max / min > 100,
    xCount: xAll.length,
    yCount: yAll.length,
  };
}

const STOPS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** A viridis-like colour for t in [0, 1]. */
export function colorAt(t: number): string {
  const u = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(u));
  const f = u - i;
  const c = STOPS[i]!.map((a, k) => Math.round(a + f * (STOPS[i + 1]![k]! - a)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Number of colour levels of heatmap cells (classes `hm-0` ... `hm-31` of `heatmapCss`). */
export const HEAT_LEVELS = 32;

/** The colour level (0 ... HEAT_LEVELS - 1) of a position t in [0, 1]. */
export function heatLevel(t: number): number {
  const u = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.5;
  return Math.round(u * (HEAT_LEVELS - 1));
}

/**
 * The style rules of the colour levels: `.hm-L` with its background and a text colour that reads
 * on it (pages may not carry inline styles under the CSP).
 */
export function heatmapCss(): string {
  const rules = [];
  for (let level = 0; level < HEAT_LEVELS; level++) {
    const t = level / (HEAT_LEVELS - 1);
    rules.push(`td.hm-${level}{background:${colorAt(t)};color:${t > 0.6 ? "#111" : "#fff"}}`);
  }
  return rules.join("\n") + "\n";
}

/** The position in [0, 1] of `v` between the map's min and max (log when `logColor`). */
export function scaleOf(map: Heatmap): (v: number) => number {
  const t = map.logColor ? Math.log : (v: number) => v;
  const values = map.cells.flat().map((c) => c.mean).filter((v): v is number => v !== null).map(t);
  const [lo, hi] = minMax(values);
  return (v) => (hi > lo ? (t(v) - lo) / (hi - lo) : 0.5);
}
