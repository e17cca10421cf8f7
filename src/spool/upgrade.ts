/**
 * Reading reports of an older schema. The summary is a pure function of the series, the config,
 * the training-set size and the parameter count, so an older report is brought to the current
 * schema by summarising its series again: nothing stored is lost, and the suite's own summary
 * values (the keys its schema's standard analysis did not define) are kept as they were.
 * - Schema 1 had a flat summary with `compatible` and no `decay`. It did not store the
 *   training-set size: it is the full kernel's size when the run computed one, else recovered
 *   from the old PL bound (lambda_0 - L_K R) / n when there is one (the only other summary value
 *   that used it), else unknown (null).
 * - Schema 2 chose the decay model by BIC and judged PL on a window picked for flatness; its
 *   verdicts are computed again under the current rules (decay_model.ts, pl_along_run.ts).
 */
import type { RunConfig } from "../config/run_config.ts";
import { type NtkSeries, REPORT_SCHEMA, type Series, type Summary } from "../report/schema.ts";
import { emptySummary, mergeSummary } from "../report/build.ts";
import { SUMMARY_METRICS } from "../report/metrics.ts";
import { summarize } from "../analysis/summarize.ts";

/**
 * The summary keys of schema 1's standard analysis (everything else came from the suite): the
 * catalogue's fields since schema 1, and `compatible`, which schema 2 dropped.
 */
const SCHEMA1_SUMMARY_KEYS: ReadonlySet<string> = new Set([
  ...SUMMARY_METRICS.filter((m) => m.since === 1).map((m) => m.key),
  "compatible",
]);

/** The summary keys of schema 2's standard analysis: the catalogue's fields since schema 1 or 2. */
const SCHEMA2_SUMMARY_KEYS: ReadonlySet<string> = new Set(
  SUMMARY_METRICS.filter((m) => m.since === 1 || m.since === 2).map((m) => m.key),
);

type Obj = Record<string, unknown>;

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** n of a schema-1 report (see the module comment), or null. */
export function schema1TrainSize(series: Series, summary: Obj): number | null {
  if (series.fullNtk !== undefined && series.fullNtk.k > 0) return series.fullNtk.k;
  const bound = num(summary.plBound);
  const lk = num(summary.lipschitzK);
  const radius = num(summary.radius);
  const kernel: NtkSeries | undefined = summary.plBoundKernel === "full"
    ? series.fullNtk
    : series.ntk;
  const lambda0 = num(kernel?.lambdaMin[0]);
  if (bound === null || bound === 0 || lk === null || radius === null || lambda0 === null) {
    return null;
  }
  const n = Math.round((lambda0 - lk * radius) / bound);
  return n > 0 ? n : null;
}

/**
 * A report of the current schema from a schema-1 or schema-2 report whose frame and series are
 * already checked: trainSize recovered (schema 1), summary computed again (see the module
 * comment).
 */
export function upgradeReport(report: Obj): Obj {
  const series = report.series as Series;
  const config = report.config as RunConfig;
  const old = (report.summary ?? {}) as Obj;
  const schema1 = report.schema === 1;
  const trainSize = schema1 ? schema1TrainSize(series, old) : report.trainSize as number | null;
  const standard = schema1 ? SCHEMA1_SUMMARY_KEYS : SCHEMA2_SUMMARY_KEYS;
  const extra: Record<string, number | boolean | null> = {};
  for (const [key, value] of Object.entries(old)) {
    if (standard.has(key)) continue;
    if (value === null || typeof value === "number" || typeof value === "boolean") {
      extra[key] = value;
    }
  }
  const params = typeof report.params === "number" ? report.params : null;
  const outputs = typeof report.outputs === "number" ? report.outputs : 1;
  let summary: Summary;
  try {
    summary = series.epoch.length > 0
      ? summarize(series, config, { trainSize, params, outputs })
      : emptySummary();
  } catch {
    summary = emptySummary(); // as the worker records a run whose summary fails
  }
  return { ...report, schema: REPORT_SCHEMA, trainSize, summary: mergeSummary(summary, extra) };
}

/**
 * Configuration keys renamed since reports were first written: `samples` (logistic, lazy-scaling,
 * lazy-scaling-mlp) is `trainSize`, as in every other suite. Such a cell's config, and so its id,
 * is new; an old report is read with the key's new name (its id stays what it was written with).
 */
export const RENAMED_CONFIG_KEYS: Readonly<Record<string, string>> = { samples: "trainSize" };

function renamed<T>(values: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(values)) {
    const now = RENAMED_CONFIG_KEYS[key];
    out[now !== undefined && !Object.hasOwn(values, now) ? now : key] = value;
  }
  return out;
}

/** A report whose config and grid use the keys' current names (see RENAMED_CONFIG_KEYS). */
export function withCurrentKeys(report: Obj): Obj {
  const config = report.config as Record<string, unknown>;
  const sweep = report.sweep as Obj;
  const grid = sweep.grid as Record<string, unknown>;
  const old = (o: Record<string, unknown>) => Object.keys(o).some((k) => k in RENAMED_CONFIG_KEYS);
  if (!old(config) && !old(grid)) return report;
  return { ...report, config: renamed(config), sweep: { ...sweep, grid: renamed(grid) } };
}
