/**
 * What the paper reproduction report shows, computed from reports: the sweep of each paper-004
 * suite it reproduces, the settings used, the rows of Tables 1 and 2, and which claim sits beside
 * which figure. No HTML here.
 */
import type { Report } from "../../src/report/schema.ts";
import type { ClaimResult } from "../../src/claims/claim.ts";
import type { SweepClaims } from "../../src/claims/evaluate.ts";
import { metricsIn, type MetricSpec, metricValue } from "../../src/report/metrics.ts";
import { table2 as buildTable2, TABLE2_METRICS } from "../../src/report/table2.ts";
import { stats } from "../../src/util/stats.ts";
import { pointId } from "../../src/sweep/grid_point.ts";

/** The three suites of paper 004, Section 6. */
export const PAPER_SUITES = ["mlp-mnist", "width-ablation", "cnn-cifar5"] as const;

/** One suite's sweep in the report: its claims and its reports. */
export interface PaperSweep {
  claims: SweepClaims;
  reports: Report[];
}

/**
 * The sweep of `suite` the report shows: the one with the most cells with data, the most recently
 * finished on a tie; null when there is none.
 */
export function pickSweep(
  suite: string,
  sweeps: readonly SweepClaims[],
  reports: readonly Report[],
): PaperSweep | null {
  const latest = (id: string) =>
    reports.filter((r) => r.sweep.id === id).map((r) => r.finishedAt).sort().at(-1) ?? "";
  const candidates = sweeps.filter((s) => s.suite === suite).sort((a, b) =>
    b.finished - a.finished || latest(b.sweepId).localeCompare(latest(a.sweepId))
  );
  const best = candidates[0];
  if (best === undefined) return null;
  return { claims: best, reports: reports.filter((r) => r.sweep.id === best.sweepId) };
}

/** The number of training samples of a run: the report's, else its config's. */
export function trainSizeOf(report: Report): number | null {
  const n = (report as unknown as { trainSize?: unknown }).trainSize;
  if (typeof n === "number") return n;
  const c = report.config.trainSize;
  return typeof c === "number" && c > 0 ? c : null;
}

/** The distinct values of `xs`, numbers in increasing order. */
function distinct<T>(xs: T[]): T[] {
  const out = [...new Set(xs.map((x) => JSON.stringify(x)))].map((x) => JSON.parse(x) as T);
  return out.every((x) => typeof x === "number")
    ? out.sort((a, b) => (a as number) - (b as number))
    : out;
}

/** The settings a sweep used, as (name, values) rows. */
export function settingsRows(sweep: PaperSweep): [string, string][] {
  const rs = sweep.reports.filter((r) => r.status !== "failed");
  const join = (xs: unknown[]) => distinct(xs).map(String).join(", ") || "–";
  const dataNotes = rs.flatMap((r) =>
    r.notes.filter((n) => n.startsWith("data: ")).map((n) => n.slice(6))
  );
  const backends = rs.map((r) => r.env.backend + (r.env.adapter ? ` (${r.env.adapter})` : ""));
  const rows: [string, string][] = [
    [
      "sweep",
      `${sweep.claims.sweepId} (${sweep.claims.finished} of ${sweep.claims.cells} cells with data)`,
    ],
    ["data", join(dataNotes)],
    ["training samples n", join(rs.map(trainSizeOf))],
    ["widths", join(rs.map((r) => r.config.width))],
    ["step size lr", join(rs.map((r) => r.config.lr))],
    ["epochs", join(rs.map((r) => r.config.epochs))],
    ["seeds", join(rs.map((r) => r.config.seed))],
    ["backend", join(backends)],
  ];
  const shown = new Set(["suite", "width", "lr", "epochs", "seed", "trainSize"]);
  const keys = [...new Set(rs.flatMap((r) => Object.keys(r.config)))].filter((k) => !shown.has(k))
    .sort();
  for (const k of keys) rows.push([k, join(rs.map((r) => r.config[k] ?? "(unset)"))]);
  return rows;
}

/** The complete runs of the grid point with the most of them (the figure's seeds). */
export function figurePoint(sweep: PaperSweep): Report[] {
  const byPoint = new Map<string, Report[]>();
  for (const r of sweep.reports.filter((r) => r.status === "complete")) {
    const id = pointId(r.config);
    byPoint.set(id, [...(byPoint.get(id) ?? []), r]);
  }
  const best =
    [...byPoint.values()].sort((a, b) =>
      b.length - a.length || a[0]!.config.width - b[0]!.config.width
    )[0] ?? [];
  return best.sort((a, b) => a.config.seed - b.config.seed);
}

/** A column of Table 1 or 2: header and the value it shows. */
export interface Column {
  head: string;
  value: (r: Report) => number | null;
}

/** A paper table's columns from the metric catalogue (src/report/metrics.ts). */
function columnsOf(metrics: readonly MetricSpec[]): Column[] {
  return metrics.map((m) => ({
    head: m.unit === "" ? m.label : `${m.label} (${m.unit})`,
    value: (r) => metricValue(r, m.key),
  }));
}

/** Table 1's columns (paper 004, Section 6.2). */
export const TABLE1_COLUMNS: Column[] = columnsOf(metricsIn("table1"));

/** Table 2's columns (paper 004, Section 6.3). */
export const TABLE2_COLUMNS: Column[] = columnsOf(TABLE2_METRICS);

/** A row of a table: a label, the runs behind it and the values (means over its runs). */
export interface TableRow {
  label: string;
  runs: string[];
  values: (number | null)[];
  /** Standard deviations across the runs (null with one run). */
  stds: (number | null)[];
}

function row(label: string, runs: Report[], columns: Column[]): TableRow {
  const s = columns.map((c) => stats(runs.map((r) => c.value(r) ?? NaN)));
  return {
    label,
    runs: runs.map((r) => r.id),
    values: s.map((x) => x.mean),
    stds: s.map((x) => x.std),
  };
}

/**
 * Table 1: one row per (width, lr) at the shared step, by width, then the reduced-step rows
 * (lr below the shared one) under their own heading; values are means over seeds.
 */
export function table1(sweep: PaperSweep): { shared: TableRow[]; reduced: TableRow[] } {
  const runs = sweep.reports.filter((r) => r.status !== "failed");
  const counts = new Map<number, number>();
  for (const r of runs) counts.set(r.config.lr, (counts.get(r.config.lr) ?? 0) + 1);
  const shared = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
  const groups = new Map<string, Report[]>();
  for (const r of runs) {
    const key = `${r.config.width}|${r.config.lr}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const rows = [...groups.values()].sort((a, b) =>
    a[0]!.config.width - b[0]!.config.width || b[0]!.config.lr - a[0]!.config.lr
  ).map((g) => ({
    lr: g[0]!.config.lr,
    row: row(`width ${g[0]!.config.width}, lr ${g[0]!.config.lr}`, g, TABLE1_COLUMNS),
  }));
  return {
    shared: rows.filter((x) => x.lr === shared).map((x) => x.row),
    reduced: rows.filter((x) => x.lr !== shared).map((x) => x.row),
  };
}

/** Table 2 (src/report/table2.ts): one row per seed of the complete runs and a mean row. */
export function table2(
  sweep: PaperSweep,
): { seeds: (TableRow & { window: string })[]; mean: TableRow } {
  const t = buildTable2(sweep.reports);
  const seeds = t.seeds.map((s) => ({
    label: `seed ${s.seed}`,
    runs: [s.run],
    values: s.values,
    stds: s.values.map(() => null),
    window: s.window === null ? "none" : `${s.window[0]}–${s.window[1]}`,
  }));
  const mean = {
    label: `mean over ${t.seeds.length} seeds`,
    runs: t.seeds.map((s) => s.run),
    values: t.mean.map((m) => m.mean),
    stds: t.mean.map((m) => m.std),
  };
  return { seeds, mean };
}

/** Where each paper-004 claim is shown: beside which figure or table. */
export const CLAIM_PLACES: Record<string, [string, string][]> = {
  figure1: [
    ["mlp-mnist", "decays-linearly"],
    ["mlp-mnist", "pl-bounded"],
    ["mlp-mnist", "lambda-min-kept"],
    ["mlp-mnist", "kernel-near-start"],
  ],
  table1: [
    ["width-ablation", "lambda0-grows"],
    ["width-ablation", "drift-jumps-at-1024"],
    ["width-ablation", "lstar-decreases"],
    ["width-ablation", "reduced-step-recovers"],
    ["width-ablation", "lambda-min-kept"],
    ["width-ablation", "kernel-near-start"],
    ["mlp-mnist", "drifts-narrow-across-widths"],
  ],
  table2: [["cnn-cifar5", "pl-envelope"]],
  figure2: [["cnn-cifar5", "decay-narrow-band"], ["cnn-cifar5", "pl-envelope"], [
    "cnn-cifar5",
    "drift-saturates",
  ]],
};

/** The claims of `place` found among the sweeps' results (in the place's order). */
export function claimsAt(place: string, sweeps: readonly (PaperSweep | null)[]): ClaimResult[] {
  const all = sweeps.flatMap((s) => s?.claims.results ?? []);
  return (CLAIM_PLACES[place] ?? []).flatMap(([suite, id]) =>
    all.filter((r) => r.suite === suite && r.id === id)
  );
}

/** The claims of the sweeps that no place shows (a claim added later is never dropped). */
export function unplacedClaims(sweeps: readonly (PaperSweep | null)[]): ClaimResult[] {
  const placed = new Set(Object.values(CLAIM_PLACES).flat().map(([s, id]) => `${s}/${id}`));
  return sweeps.flatMap((s) => s?.claims.results ?? []).filter((r) =>
    !placed.has(`${r.suite}/${r.id}`)
  );
}
