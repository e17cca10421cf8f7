/**
 * The metric catalogue: every summary field of a report once (its label, unit, digits, which side
 * is better, whether it is measured per seed or per grid point, where it is shown, and what it
 * means), plus the three values read from elsewhere in a report (`params`, and the headline decay
 * fit's `decayRho` and `decayDecades`). The summary's type (schema.ts), the empty summary, the
 * terminal table, the cross-seed table and its exports, the nightly's comparisons, the paper's
 * Tables 1 and 2 and the README's field list are all derived from it; add a metric here.
 */
import type { Decay, KernelKind } from "./schema.ts";
import { METRIC_ENTRIES } from "./metric_entries.ts";

/** What a summary field holds. */
export type MetricKind =
  | "number"
  | "flag"
  | "range"
  | "source"
  | "decay"
  | "kernel"
  | "verdict"
  | "reference"
  | "text";

/** Which side of a metric is better: a regression is a move to the other side. */
export type Better = "higher" | "lower" | "neither";

/**
 * Where a metric is shown: the sweep's terminal table, the dashboard's cross-seed table (and its
 * CSV and LaTeX exports, heatmaps and per-seed tables), the nightly comparison, paper 004's
 * Table 1 (width ablation) and Table 2 (CNN seeds).
 */
export type MetricView = "terminal" | "crossSeed" | "nightly" | "table1" | "table2";

/** One metric of the catalogue. */
export interface MetricSpec<K extends string = string, T extends MetricKind = MetricKind> {
  key: K;
  kind: T;
  /** How pages and reports name it (`λ₀`, `PL min (L*=0)`). */
  label: string;
  /** Its column title in the terminal table (plain ASCII). */
  short: string;
  /** Unit written after the value ("%", "s"), "" for none. */
  unit: string;
  /** Significant digits shown. */
  digits: number;
  better: Better;
  /** Measured per run (`seed`: it varies across the seeds of a grid point) or per grid point. */
  per: "seed" | "point";
  /** Where it is shown besides the paper's tables. */
  views: readonly ("terminal" | "crossSeed" | "nightly")[];
  /** Its column (1-based) in the paper's Table 1 and Table 2, whose column order the paper fixes. */
  tables: { table1?: number; table2?: number };
  /** Where the value comes from: a summary field, the headline decay fit, or the report itself. */
  from: "summary" | "decay" | "report";
  /** The report schema whose summary first had the field (0: not a summary field). */
  since: 0 | 1 | 2 | 3;
  /** What it is, in one sentence. */
  doc: string;
}

/** Every metric, in the order tables show them. */
export const METRICS: readonly MetricSpec[] = METRIC_ENTRIES;

/** The metrics that are fields of the summary, in the order reports list them. */
export const SUMMARY_METRICS: readonly MetricSpec[] = METRICS.filter((m) => m.from === "summary");

/** The keys of the summary fields, in the order reports list them. */
export const SUMMARY_FIELDS: readonly string[] = SUMMARY_METRICS.map((m) => m.key);

/** The value type of each kind of summary field. */
interface KindValue {
  number: number;
  flag: boolean;
  range: [number, number];
  source: "auto" | "override";
  decay: Decay;
  kernel: KernelKind;
  verdict: "holds" | "fails" | "inconclusive";
  reference: "zero" | "floor";
  text: string;
}

type Entry = (typeof METRIC_ENTRIES)[number];

/** The standard summary as a type: each summary metric's key with its kind's value, or null. */
export type StandardSummary = {
  [E in Entry as E["from"] extends "summary" ? E["key"] : never]: KindValue[E["kind"]] | null;
};

/** The metric `key`, or undefined for a suite's own summary value. */
export function metricOf(key: string): MetricSpec | undefined {
  return BY_KEY.get(key);
}

const BY_KEY = new Map(METRICS.map((m) => [m.key, m]));

/** The metrics of `view`, in catalogue order (a paper table's: in the paper's column order). */
export function metricsIn(view: MetricView): MetricSpec[] {
  if (view === "table1" || view === "table2") {
    return METRICS.filter((m) => m.tables[view] !== undefined)
      .sort((a, b) => a.tables[view]! - b.tables[view]!);
  }
  return METRICS.filter((m) => (m.views as readonly string[]).includes(view));
}

/** The label of `key` (the key itself for a suite's own value). */
export function metricLabel(key: string): string {
  return metricOf(key)?.label ?? key;
}

/** A report as far as reading a metric goes. */
export interface MetricSource {
  params: number;
  summary: Record<string, unknown>;
}

/**
 * The number `key` has in `report`: a finite summary value, the headline decay fit's rho or
 * decades, or the parameter count; null where there is none (a suite's own keys are read from
 * the summary too).
 */
export function metricValue(report: MetricSource, key: string): number | null {
  const from = metricOf(key)?.from ?? "summary";
  let v: unknown;
  if (from === "report") v = report.params;
  else if (from === "decay") {
    const decay = report.summary.decay as Partial<Decay> | null | undefined;
    v = key === "decayRho" ? decay?.rho : decay?.gapDecades;
  } else v = report.summary[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
