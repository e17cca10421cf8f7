/**
 * The checks of mlp-mnist's claims (paper 004, Sections 6.1 and 6.2): a geometric decay of the gap
 * on every run, a PL envelope on every run, and, across widths run below their edge of stability,
 * final drifts in one narrow range and small NTK drifts (which needs a sweep over two widths).
 */
import type { ClaimCheck, Threshold } from "../src/claims/claim.ts";
import { num } from "../src/claims/claim.ts";
import { decayModelCheck } from "../src/claims/checks/decay_check.ts";
import { plEnvelopeCheck } from "../src/claims/checks/pl_envelope_check.ts";
import { both, Evidence, maxOf } from "../src/claims/comparison.ts";
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

/** "A narrow range": the widths' mean final drifts within this factor of each other. */
export const NARROW_DRIFT_FACTOR = 2;

const DRIFT_THRESHOLDS: Threshold[] = [
  {
    what: "eta / eta_max of a cell judged",
    value: "< 1",
    why: "the paper reads drifts across widths at a step below every width's edge of stability " +
      "2 (1 + beta) n / lambda_max(K_0), the step condition of Theorem 5.7; a cell above it has " +
      "left the local regime (the boundary case of Section 6.2) and is named, not judged",
  },
  {
    what: "narrow range: largest over smallest mean final drift across widths",
    value: NARROW_DRIFT_FACTOR,
    why: "the paper gives the moderate widths' drifts as one narrow band, while the boundary " +
      "width's more than triples; a factor 2 lies between the two",
  },
  {
    what: "small |NTK drift| (% of lambda_0)",
    value: SMALL_NTK_DRIFT_PCT,
    why: "lambda_min stays within half of its start either way: the kernel's positivity margin " +
      "is kept, the reading of Lemma 5.3 in Section 6.2",
  },
];

/**
 * "Parameter drift stays in a narrow range across the widths, and NTK drift stays small relative
 * to lambda_0 in each case" (Section 6.2, observations 2 and 4), on the cells whose step is below
 * their edge of stability; needs two such widths. Mean final drift over seeds per width; every
 * judged cell's |NTK drift|.
 */
export const driftsNarrowAcrossWidths: ClaimCheck = (input) => {
  const ev = new Evidence();
  const missing: string[] = [];
  const above: string[] = [];
  const byWidth = new Map<number, Report[]>();
  for (const cell of input.cells) {
    const r = usable(cell);
    if (r === null) {
      missing.push(missingLabel(cell));
      continue;
    }
    const eta = ev.value("eta / eta_max", numberAt(r, "etaOverEtaMax"), cell.label, [r.id]);
    if (eta === null) missing.push(`${cell.label} (no eta / eta_max: NTK probes off)`);
    else if (eta >= 1) above.push(`${cell.label} (${num(eta)})`);
    else byWidth.set(cell.config.width, [...byWidth.get(cell.config.width) ?? [], r]);
  }
  const widths = [...byWidth.keys()].sort((a, b) => a - b);
  const means = widths.map((w) => {
    const rs = byWidth.get(w)!;
    const drifts = rs.map((r) => numberAt(r, "finalDrift"));
    const m = drifts.some((d) => d === null) ? null : mean(drifts as number[]);
    return ev.value("mean final drift over seeds", m, `width=${w}`, rs.map((r) => r.id));
  });
  const ntk = widths.flatMap((w) =>
    byWidth.get(w)!.map((r) => ev.value("|NTK drift| %", ntkDriftSize(r), `width=${w}`, [r.id]))
  );
  if (above.length > 0) ev.note(`left out above the edge: ${above.join(", ")}`);
  if (widths.length < 2) {
    missing.push(
      `at least two widths below the edge of stability (the sweep has ${
        widths.length === 0 ? "none" : `only width = ${widths[0]}`
      })`,
    );
  } else {
    const lo = means.some((m) => m === null) ? null : Math.min(...(means as number[]));
    const hi = maxOf(means);
    ev.compare(
      both(lo, hi, (a, b) => a > 0 && b <= NARROW_DRIFT_FACTOR * a),
      `mean final drift ${means.map(num).join(", ")} over width ${widths.join(", ")}: ` +
        `largest ${num(both(lo, hi, () => true) ? hi! / lo! : null)}x the smallest ` +
        `(narrow: <= ${NARROW_DRIFT_FACTOR}x)`,
    );
  }
  const worst = maxOf(ntk);
  if (ntk.length > 0) {
    ev.compare(
      both(worst, SMALL_NTK_DRIFT_PCT, (a, b) => a <= b),
      `|NTK drift| at most ${num(worst)}% (small: <= ${SMALL_NTK_DRIFT_PCT}%)`,
    );
  }
  return ev.judge(
    missing,
    DRIFT_THRESHOLDS,
    "cells below their edge of stability only; the mean over seeds per width for the drift band, " +
      "every judged cell for the NTK drift",
  );
};
