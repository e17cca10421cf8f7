/**
 * "The PL ratio stays bounded away from zero along the run": each run's PL verdict along its
 * post-transient run (summary.plVerdict, src/analysis/pl_along_run.ts), against L* = 0 where the
 * model can interpolate, else a fitted floor the run never goes below. A ratio that keeps
 * falling (first to last quarter by 2x or more) or dips below a tenth of its median fails; a run
 * whose gap declines less than `minDecades` decades is too short to tell a 1/t decay from a
 * geometric one. The paper's own reading (minimum on the stable window against the final loss)
 * is shown beside it, as what the paper reports.
 */
import { PL_MAX_FALL, PL_MIN_DIP } from "../../analysis/pl_along_run.ts";
import type { Report } from "../../report/schema.ts";
import { type ClaimCheck, type Measured, num, type SweepCell, type Threshold } from "../claim.ts";
import { type CellJudgement, type CellRule, EVERY, perCell } from "../rules.ts";
import { numberAt } from "../summary_values.ts";

/** The rule's thresholds, with their reasons. */
export const PL_THRESHOLDS: Threshold[] = [
  {
    what: "lower envelope (10th percentile) of ||grad L||^2 / (2 (L - L*)) on the first 10% " +
      "of the run after the transient, over the same on its last quarter",
    value: `< ${PL_MAX_FALL}`,
    why: "under gradient descent the gap's log-slope is 2 lr times the ratio: a geometric decay " +
      "keeps it level, a 1/t-type decay makes it fall as 1/t (about 10x between the two parts), " +
      "and a rate that drops several-fold drops it as much; the envelope, because PL bounds the " +
      "ratio from below and catapults at the edge of stability only raise it",
  },
  {
    what: "min / median of the ratio after the transient",
    value: `>= ${PL_MIN_DIP}`,
    why: "a ratio a decade below its own median is a near-stationary point with the gap open",
  },
  {
    what: "decades the gap L - L* declines after the transient",
    value: ">= minDecades (default 1)",
    why: "over less, a 1/t decay and a geometric one differ by less than the rule can see: " +
      "inconclusive",
  },
];

/** Options of `plAlongRunCheck`. */
export interface PlCheckOptions {
  rule?: CellRule;
  /** What the cells are (plural), e.g. "seeds". */
  what?: string;
}

function judge(report: Report, cell: SweepCell): CellJudgement {
  const runs = [report.id];
  const at = cell.label;
  if (report.status === "diverged") {
    return { verdict: "fails", measured: [], note: `diverged at epoch ${report.divergedAt}` };
  }
  const s = report.summary;
  const verdict = s.plVerdict;
  const proxy = numberAt(report, "plMin");
  const measured: Measured[] = [
    { what: "PL reference", value: s.plReference ?? null, at, runs },
    { what: "L*", value: numberAt(report, "plLStar"), at, runs },
    {
      what: "post-transient epochs",
      value: Array.isArray(s.plWindow) ? `${s.plWindow[0]}-${s.plWindow[1]}` : null,
      at,
      runs,
    },
    { what: "decades of gap", value: numberAt(report, "plDecades"), at, runs },
    { what: "ratio's envelope, first 10%", value: numberAt(report, "plEarly"), at, runs },
    { what: "ratio's envelope, last quarter", value: numberAt(report, "plLate"), at, runs },
    { what: "fall (first / last)", value: numberAt(report, "plFall"), at, runs },
    { what: "min ratio", value: numberAt(report, "plEnvelope"), at, runs },
    { what: "min / median", value: numberAt(report, "plDip"), at, runs },
    {
      what: "PL min on the stable window (terminal proxy, as in the paper)",
      value: proxy,
      at,
      runs,
    },
  ];
  if (verdict !== "holds" && verdict !== "fails" && verdict !== "inconclusive") {
    return { verdict: "inconclusive", measured, note: "no post-transient run to judge" };
  }
  const paper = proxy === null ? "" : `; the paper's reading: min ${num(proxy)} on the stable ` +
    "window against the final loss";
  return { verdict, measured, note: `${s.plReason ?? verdict}${paper}` };
}

/** A claim that every run's PL ratio stays bounded away from zero along its run. */
export function plAlongRunCheck(options: PlCheckOptions = {}): ClaimCheck {
  return (input) =>
    perCell(input, {
      rule: options.rule ?? EVERY,
      what: options.what,
      thresholds: PL_THRESHOLDS,
      judge,
    });
}
