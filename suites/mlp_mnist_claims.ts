/**
 * The checks of mlp-mnist's claims (paper 004, Sections 6.1 and 6.2): a geometric decay of the gap
 * on every run, the PL ratio bounded away from zero along every run, and, on the cells run below
 * their edge of stability, the probe kernel's lambda_min kept (Lemma 5.3's conclusion), the
 * kernel near its start (the lemma's condition), and final drifts in one narrow range across
 * widths (which needs two widths).
 */
import type { ClaimCheck } from "../src/claims/claim.ts";
import { num } from "../src/claims/claim.ts";
import { belowEdge, EDGE_THRESHOLD } from "../src/claims/below_edge.ts";
import { decayModelCheck } from "../src/claims/checks/decay_check.ts";
import { plAlongRunCheck } from "../src/claims/checks/pl_check.ts";
import { both, Evidence, maxOf, minOf } from "../src/claims/comparison.ts";
import { numberAt } from "../src/claims/summary_values.ts";
import { mean } from "../src/util/stats.ts";

export { kernelNearStart, lambdaMinKept } from "../src/claims/checks/kernel_check.ts";

/** "The loss gap decays linearly": every run's decay verdict is geometric. */
export const decaysLinearly = decayModelCheck({ model: "geometric" });

/**
 * "The PL ratio stays bounded away from zero along the run": every run's PL verdict after its
 * transient holds (src/claims/checks/pl_check.ts).
 */
export const plBoundedAway = plAlongRunCheck();

/** "A narrow range": the widths' mean final drifts within this factor of each other. */
export const NARROW_DRIFT_FACTOR = 2;

/**
 * "Parameter drift stays in a narrow range across the widths" (Section 6.2, observation 4), on
 * the cells whose step is below their edge of stability; needs two such widths. The mean final
 * drift over seeds per width.
 */
export const driftsNarrowAcrossWidths: ClaimCheck = (input) => {
  const ev = new Evidence();
  const { judged, missing } = belowEdge(input, ev);
  const widths = [...new Set(judged.map((j) => j.cell.config.width))].sort((a, b) => a - b);
  const means = widths.map((w) => {
    const rs = judged.filter((j) => j.cell.config.width === w).map((j) => j.report);
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
