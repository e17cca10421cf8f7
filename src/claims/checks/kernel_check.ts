/**
 * Kernel claims as Lemma 5.3 states them, on the cells run below their edge of stability
 * (below_edge.ts), read from the probe-subset kernel:
 * - `lambdaMinKept`, the lemma's conclusion: lambda_min(K_t) stays positive and at least
 *   KEPT_FRACTION = 1/2 of lambda_min(K_0) at every probe (summary.lambdaMinFloor and
 *   lambdaMinRatio, the floor over all probes, so a dip in the middle counts even when the last
 *   probe recovers). A rise never fails it: the lemma needs lambda_min not to fall;
 * - `kernelNearStart`, the lemma's condition: ||K_t - K_0||_2 <= lambda_min(K_0) / 2 at every
 *   probe (summary.kernelShiftRatio), under which Weyl's inequality gives the conclusion. Where
 *   the conclusion holds and the condition fails, the evidence says positivity was observed, not
 *   reached by the lemma's route.
 * Paper 004's "NTK drift" (signed % change of lambda_min, summary.ntkDriftPct) stays a reported
 * number, not a criterion.
 */
import type { Report } from "../../report/schema.ts";
import { type ClaimCheck, num, type Threshold } from "../claim.ts";
import { Evidence } from "../comparison.ts";
import { belowEdge, EDGE_THRESHOLD } from "../below_edge.ts";
import { flagAt, numberAt } from "../summary_values.ts";

/** The share of lambda_min(K_0) the probe kernel's lambda_min must keep at every probe. */
export const KEPT_FRACTION = 0.5;
/** The largest ||K_t - K_0||_2 / lambda_min(K_0) of Lemma 5.3's condition. */
export const NEAR_START_FRACTION = 0.5;

const KEPT_THRESHOLD: Threshold = {
  what: "lowest lambda_min along the run / lambda_min(K_0), probe kernel",
  value: `>= ${KEPT_FRACTION} (and lambda_min > 0)`,
  why: "Lemma 5.3's conclusion with the margin its own condition gives: ||K_t - K_0|| <= " +
    "lambda_min(K_0) / 2 keeps lambda_min(K_t) >= lambda_min(K_0) / 2 by Weyl's inequality; a " +
    "rise is no failure",
};

const NEAR_THRESHOLD: Threshold = {
  what: "max over probes of ||K_t - K_0||_2 / lambda_min(K_0), probe kernel",
  value: `<= ${NEAR_START_FRACTION}`,
  why: "Lemma 5.3's condition: the kernel's movement stays within half the initial spectral gap",
};

const RULE = "every cell below its edge of stability must hold";

/** The lowest lambda_min over lambda_min(K_0) of a run, null when unresolved or not probed. */
function kept(report: Report): { ratio: number | null; floor: number | null; resolved: boolean } {
  return {
    ratio: numberAt(report, "lambdaMinRatio"),
    floor: numberAt(report, "lambdaMinFloor"),
    resolved: flagAt(report, "lambdaMinResolved") === true,
  };
}

/** "lambda_min of the probe kernel stays positive and above half its start at every probe". */
export const lambdaMinKept: ClaimCheck = (input) => {
  const ev = new Evidence();
  const { judged, missing } = belowEdge(input, ev);
  if (judged.length === 0) missing.push("a cell below its edge of stability");
  for (const { cell, report } of judged) {
    const k = kept(report);
    const runs = [report.id];
    ev.value("lowest lambda_min along the run", k.floor, cell.label, runs);
    ev.value("lowest lambda_min / lambda_min(K_0)", k.ratio, cell.label, runs);
    ev.value(
      "lambda_min resolved above float32 noise at every probe",
      k.resolved,
      cell.label,
      runs,
    );
    if (!k.resolved || k.ratio === null || k.floor === null) {
      ev.compare(null, `${cell.label}: lambda_min not resolved above its float32 noise floor`);
      continue;
    }
    ev.compare(
      k.floor > 0 && k.ratio >= KEPT_FRACTION,
      `${cell.label}: lowest lambda_min ${num(k.floor)}, ${num(k.ratio)} of lambda_min(K_0) ` +
        `(>= ${KEPT_FRACTION})`,
    );
  }
  return ev.judge(missing, [EDGE_THRESHOLD, KEPT_THRESHOLD], RULE);
};

/** "The probe kernel stays near its start: ||K_t - K_0||_2 <= lambda_min(K_0) / 2". */
export const kernelNearStart: ClaimCheck = (input) => {
  const ev = new Evidence();
  const { judged, missing } = belowEdge(input, ev);
  if (judged.length === 0) missing.push("a cell below its edge of stability");
  for (const { cell, report } of judged) {
    const runs = [report.id];
    const shift = ev.value(
      "max ||K_t - K_0||_2 / lambda_min(K_0)",
      numberAt(report, "kernelShiftRatio"),
      cell.label,
      runs,
    );
    const near = shift === null ? null : shift <= NEAR_START_FRACTION;
    const k = kept(report);
    const positive = k.resolved && k.floor !== null && k.floor > 0 && k.ratio !== null &&
      k.ratio >= KEPT_FRACTION;
    const route = near === false && positive
      ? " (lambda_min kept all the same: positivity observed, not by the lemma's route)"
      : "";
    ev.compare(
      near,
      `${cell.label}: max ||K_t - K_0||_2 ${num(shift)} lambda_min(K_0) (<= ` +
        `${NEAR_START_FRACTION})${route}`,
    );
  }
  return ev.judge(missing, [EDGE_THRESHOLD, NEAR_THRESHOLD], RULE);
};
