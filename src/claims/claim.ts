/**
 * What a claim check is: a pure function of a sweep's cells (each with its report, or none) that
 * returns `holds`, `fails` or `inconclusive` with its evidence: the numbers it compared and the
 * runs they came from, the thresholds and why they were chosen, the rule across seeds, and the
 * cells it needed but the sweep lacks.
 */
import type { ConfigValue, RunConfig } from "../config/run_config.ts";
import type { Report } from "../report/schema.ts";

/** The verdict of a claim on a sweep. */
export type ClaimVerdict = "holds" | "fails" | "inconclusive";

/** Every verdict, in the order tables list them. */
export const CLAIM_VERDICTS: readonly ClaimVerdict[] = ["holds", "fails", "inconclusive"];

/** One cell of a sweep: its config, its id and its report (null where none was found). */
export interface SweepCell {
  id: string;
  config: RunConfig;
  /** The grid values that tell this cell from the others, e.g. "width=1024 lr=0.0004". */
  label: string;
  report: Report | null;
}

/** What a check reads: the sweep's cells, every one it planned (with or without a report). */
export interface ClaimInput {
  suite: string;
  sweepId: string;
  cells: readonly SweepCell[];
}

/** One number (or flag) a check compared, and where it came from. */
export interface Measured {
  /** What it is, e.g. "decay model", "final drift". */
  what: string;
  value: number | string | boolean | null;
  /** The cell or group it belongs to, e.g. "seed=1", "width=512 (mean of 3 seeds)". */
  at: string;
  /** Ids of the reports it came from. */
  runs: string[];
}

/** A threshold a check applied, with the reason for its value. */
export interface Threshold {
  what: string;
  value: number | string;
  why: string;
}

/** What a check returns. */
export interface Judgement {
  verdict: ClaimVerdict;
  /** One line of evidence for the terminal. */
  line: string;
  measured: Measured[];
  thresholds: Threshold[];
  /** How seeds and cells are combined, e.g. "every seed must hold". */
  rule: string;
  /** Cells the check needs that have no usable report (by label), or what the sweep lacks. */
  missing: string[];
}

/** A check: a pure function of the sweep's cells. */
export type ClaimCheck = (input: ClaimInput) => Judgement;

/** A claim of a suite: the sentence, where it comes from, and its check. */
export interface Claim {
  /** Stable key within the suite (used by the nightly comparison and in page anchors). */
  id: string;
  statement: string;
  source: string;
  check: ClaimCheck;
}

/** A claim evaluated on one sweep. */
export interface ClaimResult extends Judgement {
  suite: string;
  sweepId: string;
  id: string;
  statement: string;
  source: string;
  /** Every report id the evidence cites, without repeats. */
  runs: string[];
}

/** The config value of `key` as shown in labels. */
export function showValue(value: ConfigValue | undefined): string {
  return value === undefined ? "(unset)" : String(value);
}

/** A number for evidence lines (src/util/number_format.ts, under the name the checks use). */
export { formatNumber as num } from "../util/number_format.ts";

/** The ids of the reports `measured` cites, in first-seen order. */
export function citedRuns(measured: readonly Measured[]): string[] {
  return [...new Set(measured.flatMap((m) => m.runs))];
}
