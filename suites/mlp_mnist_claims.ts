/**
 * The checks of mlp-mnist's claims (paper 004, Sections 6.1 and 6.2): a geometric decay of the gap
 * on every run, a PL envelope on every run, and drifts that shrink as the width grows (which needs
 * a sweep over at least two widths).
 */
import { decayModelCheck } from "../src/claims/checks/decay_check.ts";
import { plEnvelopeCheck } from "../src/claims/checks/pl_envelope_check.ts";
import { trendCheck } from "../src/claims/checks/trend_check.ts";
import { numberAt } from "../src/claims/summary_values.ts";
import type { Report } from "../src/report/schema.ts";

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

/** "Final parameter drift and NTK drift shrink as the width grows". */
export const driftsShrinkWithWidth = trendCheck({
  axis: "width",
  direction: "decreasing",
  metrics: [
    { label: "final drift", value: (r) => numberAt(r, "finalDrift") },
    { label: "|NTK drift| %", value: ntkDriftSize },
  ],
  why: "'shrink as the width grows' read strictly: each wider network's mean over seeds must be " +
    "below the narrower one's; no tolerance, since a drift that stays level does not shrink",
});
