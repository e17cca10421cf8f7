/**
 * The checks of mlp-mnist's claims (paper 004, Sections 6.1 and 6.2): a geometric decay of the gap
 * on every run, a PL envelope on every run, and, on the cells run below their edge of stability,
 * small NTK drifts and final drifts in one narrow range across widths (which needs two widths).
 */
import type { ClaimCheck, ClaimInput, Threshold } from "../src/claims/claim.ts";
import { num } from "../src/claims/claim.ts";
import { decayModelCheck } from "../src/claims/checks/decay_check.ts";
import { plEnvelopeCheck } from "../src/claims/checks/pl_envelope_check.ts";
import { both, Evidence, maxOf, minOf } from "../src/claims/comparison.ts";
import { missingLabel, usable } from "../src/claims/rules.ts";
import { numberAt } from "../src/claims/summary_values.ts";
import type { Report } from "../src/report/schema.ts";
import { mean } from "../src/util/stats.ts";

/** "The loss gap decays linearly": every run's decay verdict is geometric. */
export const decaysLinearly = decayModelCheck({ model: "geometric" });

/**
 * "The PL ratio stays bounded away from zero": every run keeps a PL envelope on its stable window,
 * the part of the run the paper assesses it on (Section 6.1).
 */
export const plBoundedAway = plEnvelopeCheck();

/** |NTK drift| in percent of lambda_0 (the sign says up or down; the claim is about its size). */
export function ntkDriftSize(report: Report): number | null {
  const v = numberAt(report, "ntkDriftPct");
  return v === null ? null : Math.abs(v);
}

/** Largest |NTK drift| (% of lambda_0) that counts as small. */
export const SMALL_NTK_DRIFT_PCT = 50;

/** The small-NTK-drift threshold with its reason, as every claim that applies it states it. */
export const SMALL_NTK_DRIFT_THRESHOLD: Threshold = {
  what: "small |NTK drift| (% of lambda_0)",
  value: SMALL_NTK_DRIFT_PCT,
  why: "lambda_min stays within half of its start either way: the kernel's positivity margin " +
    "is kept, the reading of Lemma 5.3 in Section 6.2",
};

/** "A narrow range": the widths' mean final drifts within this factor of each other. */
export const NARROW_DRIFT_FACTOR = 2;

const EDGE_THRESHOLD: Threshold = {
  what: "eta / eta_max of a cell judged",
  value: "< 1",
  why: "the paper reads drifts at a step below the edge of stability 2 (1 + beta) n / " +
    "lambda_max(K_0), the step condition of Theorem 5.7; a cell above it has left the local " +
    "regime (the boundary case of Section 6.2) and is named, not judged",
};

interface Judged {
  width: number;
  label: string;
  report: Report;
}

/** The usable cells with a step below their edge of stability; those above it and unknown named. */
function belowEdge(input: ClaimInput, ev: Evidence): { judged: Judged[]; missing: string[] } {
  const judged: Judged[] = [];
  const missing: string[] = [];
  const above: string[] = [];
  for (const cell of input.cells) {
    const r = usable(cell);
    if (r === null) {
      missing.push(missingLabel(cell));
      continue;
    }
    const eta = ev.value("eta / eta_max", numberAt(r, "etaOverEtaMax"), cell.label, [r.id]);
    if (eta === null) missing.push(`${cell.label} (no eta / eta_max: NTK probes off)`);
    else if (eta >= 1) above.push(`${cell.label} (${num(eta)})`);
    else judged.push({ width: cell.config.width, label: cell.label, report: r });
  }
  if (above.length > 0) ev.note(`left out above the edge: ${above.join(", ")}`);
  return { judged, missing };
}

/**
 * "Parameter drift stays in a narrow range across the widths" (Section 6.2, observation 4), on
 * the cells whose step is below their edge of stability; needs two such widths. The mean final
 * drift over seeds per width.
 */
export const driftsNarrowAcrossWidths: ClaimCheck = (input) => {
  const ev = new Evidence();
  const { judged, missing } = belowEdge(input, ev);
  const widths = [...new Set(judged.map((j) => j.width))].sort((a, b) => a - b);
  const means = widths.map((w) => {
    const rs = judged.filter((j) => j.width === w).map((j) => j.report);
    const drifts = rs.map((r) => numberAt(r, "finalDrift"));
    const m = drifts.some((d) => d === null) ? null : mean(drifts as number[]);
    return ev.value("mean final drift over seeds", m, `width=${w}`, rs.map((r) => r.id));
  });
  if (widths.length < 2) {
    missing.push(
      `at least two widths below the edge of stability (the sweep has ${
        widths.length === 0 ? "none" : `only width = ${widths[0]}`
      })`,
    );
  } else {
    const lo = minOf(means);
    const hi = maxOf(means);
    const ratio = lo === null || hi === null ? null : hi / lo;
    ev.compare(
      both(lo, hi, (a, b) => a > 0 && b <= NARROW_DRIFT_FACTOR * a),
      `mean final drift ${means.map(num).join(", ")} over width ${widths.join(", ")}: ` +
        `largest ${num(ratio)}x the smallest (narrow: <= ${NARROW_DRIFT_FACTOR}x)`,
    );
  }
  return ev.judge(missing, [EDGE_THRESHOLD, {
    what: "narrow range: largest over smallest mean final drift across widths",
    value: NARROW_DRIFT_FACTOR,
    why: "the paper gives the moderate widths' drifts as one narrow band, while the boundary " +
      "width's more than triples; a factor 2 lies between the two",
  }], "cells below their edge of stability only; the mean over seeds per width");
};

/**
 * "NTK drift remains small relative to lambda_0 in each case" (Section 6.2, observation 2; the
 * plateau of Section 6.1), on every cell whose step is below its edge of stability.
 */
export const ntkDriftSmall: ClaimCheck = (input) => {
  const ev = new Evidence();
  const { judged, missing } = belowEdge(input, ev);
  const sizes = judged.map((j) =>
    ev.value("|NTK drift| %", ntkDriftSize(j.report), j.label, [j.report.id])
  );
  const floors = judged.map((j) =>
    ev.value("lowest lambda_min along the run", numberAt(j.report, "lambdaMinFloor"), j.label, [
      j.report.id,
    ])
  );
  const where = (xs: (number | null)[], x: number | null) =>
    x === null ? "" : ` (${judged[xs.indexOf(x)]!.label})`;
  if (judged.length === 0) missing.push("a cell below its edge of stability");
  else {
    const worst = maxOf(sizes);
    ev.compare(
      both(worst, SMALL_NTK_DRIFT_PCT, (a, b) => a <= b),
      `|NTK drift| at most ${num(worst)}%${
        where(sizes, worst)
      } (small: <= ${SMALL_NTK_DRIFT_PCT}%)`,
    );
    const lowest = minOf(floors);
    ev.compare(
      lowest === null ? null : lowest > 0,
      `lowest lambda_min along the runs ${num(lowest)}${where(floors, lowest)} (positive)`,
    );
  }
  return ev.judge(missing, [EDGE_THRESHOLD, SMALL_NTK_DRIFT_THRESHOLD, {
    what: "lowest lambda_min of the probe kernel along the run",
    value: "> 0",
    why: "Lemma 5.3: positivity at initialization is kept along the trajectory",
  }], "every cell below its edge of stability must hold");
};
