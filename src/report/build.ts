/**
 * Assembling a report from a run's outcome, and the report of a run that never produced one
 * (a crashed or killed worker).
 */
import type { RunConfig } from "../config/run_config.ts";
import type { RunOutcome } from "./run_outcome.ts";
import { SUMMARY_FIELDS } from "./metrics.ts";
import {
  type Report,
  REPORT_SCHEMA,
  type RunEnv,
  type Series,
  type Summary,
  type SweepInfo,
} from "./schema.ts";

/** A summary with every value null (for runs that have no series to analyse). */
export function emptySummary(): Summary {
  return Object.fromEntries(SUMMARY_FIELDS.map((key) => [key, null])) as unknown as Summary;
}

/** An empty per-epoch series. */
export function emptySeries(): Series {
  return { epoch: [], loss: [], gradNormSq: [], drift: [], lr: [], seconds: [] };
}

/** Everything a report is made of besides the run's outcome. */
export interface ReportFrame {
  id: string;
  config: RunConfig;
  sweep: SweepInfo;
  env: RunEnv;
  startedAt: string;
  finishedAt: string;
}

/**
 * The summary of a report: the common analysis plus the suite's own measured quantities
 * (`outcome.extraSummary`). The common analysis wins on a shared key, and a non-finite extra value
 * is stored as null, since the schema has no NaN.
 */
export function mergeSummary(summary: Summary, extra: RunOutcome["extraSummary"]): Summary {
  const merged: Summary = { ...summary };
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (key in summary) continue;
    merged[key] = typeof value === "number" && !Number.isFinite(value) ? null : value;
  }
  return merged;
}

/** The report of a run that returned an outcome, with its summary and the suite's extra values. */
export function buildReport(frame: ReportFrame, outcome: RunOutcome, summary: Summary): Report {
  return {
    schema: REPORT_SCHEMA,
    id: frame.id,
    suite: frame.config.suite,
    sweep: frame.sweep,
    config: frame.config,
    status: outcome.status,
    divergedAt: outcome.divergedAt,
    error: outcome.error,
    params: outcome.params,
    trainSize: outcome.trainSize,
    outputs: outcome.outputs ?? 1,
    env: frame.env,
    ...(outcome.probe === undefined ? {} : { probe: outcome.probe }),
    startedAt: frame.startedAt,
    finishedAt: frame.finishedAt,
    series: outcome.series,
    summary: mergeSummary(summary, outcome.extraSummary),
    notes: outcome.notes,
  };
}

/** The report of a run that failed before returning (exception, crash, kill): status `failed`. */
export function failedReport(frame: ReportFrame, error: string, notes: string[] = []): Report {
  return {
    schema: REPORT_SCHEMA,
    id: frame.id,
    suite: frame.config.suite,
    sweep: frame.sweep,
    config: frame.config,
    status: "failed",
    divergedAt: null,
    error,
    params: 0,
    trainSize: null,
    env: frame.env,
    startedAt: frame.startedAt,
    finishedAt: frame.finishedAt,
    series: emptySeries(),
    summary: emptySummary(),
    notes,
  };
}
