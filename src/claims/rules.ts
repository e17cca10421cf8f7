/**
 * Rules across seeds and cells: a claim judged per cell is combined by an explicit rule (every cell,
 * or at least a stated fraction of them), and cells without a usable report count as missing.
 */
import type { Report } from "../report/schema.ts";
import type {
  ClaimInput,
  ClaimVerdict,
  Judgement,
  Measured,
  SweepCell,
  Threshold,
} from "./claim.ts";

/** How per-cell verdicts combine: every cell must hold, or at least a fraction of them. */
export type CellRule = { kind: "every" } | { kind: "fraction"; atLeast: number };

/** Every cell must hold. */
export const EVERY: CellRule = { kind: "every" };

/** The verdict of one cell and what it measured. */
export interface CellJudgement {
  verdict: ClaimVerdict;
  measured: Measured[];
  /** A few words for the evidence line, e.g. "geometric, rho 0.981". */
  note: string;
}

/** The rule in words. */
export function ruleText(rule: CellRule, what = "cells"): string {
  return rule.kind === "every"
    ? `every one of the ${what} must hold (one that fails makes the claim fail; one missing or ` +
      `undecided leaves it inconclusive)`
    : `at least ${Math.round(rule.atLeast * 100)}% of the ${what} must hold`;
}

/**
 * Combines per-cell verdicts: `every` fails on one failure, is inconclusive while a cell is
 * missing or undecided, and holds otherwise; `fraction` holds once enough cells hold and fails once
 * too many fail for it to hold. No cells at all is inconclusive.
 */
export function combine(
  rule: CellRule,
  verdicts: readonly ClaimVerdict[],
  missing: number,
): ClaimVerdict {
  const n = verdicts.length + missing;
  if (n === 0) return "inconclusive";
  const holds = verdicts.filter((v) => v === "holds").length;
  const fails = verdicts.filter((v) => v === "fails").length;
  if (rule.kind === "every") {
    if (fails > 0) return "fails";
    return holds === n ? "holds" : "inconclusive";
  }
  const need = Math.ceil(rule.atLeast * n);
  if (holds >= need) return "holds";
  if (fails > n - need) return "fails";
  return "inconclusive";
}

/** The label of a cell with no usable report, and why. */
export function missingLabel(cell: SweepCell): string {
  if (cell.report === null) return `${cell.label} (no report)`;
  return `${cell.label} (failed: ${cell.report.error ?? "no reason given"})`;
}

/** A report that carries data: complete or diverged (a failed run has none). */
export function usable(cell: SweepCell): Report | null {
  return cell.report !== null && cell.report.status !== "failed" ? cell.report : null;
}

/** Options of `perCell`. */
export interface PerCellOptions {
  /** Which cells the claim is about (default: all). */
  select?: (cell: SweepCell) => boolean;
  /** What the selected cells are, a plural noun phrase, e.g. "seeds", "cells with a0^2/8 >= ||y*||". */
  what?: string;
  rule: CellRule;
  thresholds: Threshold[];
  judge: (report: Report, cell: SweepCell) => CellJudgement;
}

/** Judges each selected cell with `judge` and combines the verdicts by the rule. */
export function perCell(input: ClaimInput, options: PerCellOptions): Judgement {
  const what = options.what ?? "cells";
  const cells = input.cells.filter(options.select ?? (() => true));
  const missing = cells.filter((c) => usable(c) === null).map(missingLabel);
  const judged = cells.flatMap((c) => {
    const r = usable(c);
    return r === null ? [] : [{ cell: c, j: options.judge(r, c) }];
  });
  const verdict = combine(options.rule, judged.map((x) => x.j.verdict), missing.length);
  const count = (v: ClaimVerdict) => judged.filter((x) => x.j.verdict === v).length;
  const head = cells.length === 0
    ? `no ${what} in the sweep`
    : `${what}: ${count("holds")} of ${cells.length} hold` +
      (count("fails") > 0 ? `, ${count("fails")} fail` : "") +
      (missing.length > 0 ? `, ${missing.length} missing` : "");
  const notes = judged.map((x) => `${x.cell.label}: ${x.j.note}`);
  return {
    verdict,
    line: [head, ...notes].join("; "),
    measured: judged.flatMap((x) => x.j.measured),
    thresholds: options.thresholds,
    rule: ruleText(options.rule, what),
    missing: cells.length === 0 ? [`${what} (none in the sweep)`] : missing,
  };
}
