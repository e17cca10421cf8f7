/**
 * The checks of semilocal's claims (the slides' toy H(a, w) = a w): above each threshold the run
 * stays in its ball (and, for GD at step 1/L, under the rate bound; for the flow's ball, decays
 * geometrically), and the drift falls like 1 / |a0| as a0 grows.
 */
import type { SweepCell } from "../src/claims/claim.ts";
import { DECAY_SELECTION_WHY, judgeDecay } from "../src/claims/checks/decay_check.ts";
import { flagCheck } from "../src/claims/checks/flag_check.ts";
import { powerLawCheck } from "../src/claims/checks/power_law_check.ts";
import { EVERY, perCell } from "../src/claims/rules.ts";
import { flagAt, numberAt } from "../src/claims/summary_values.ts";
import type { ClaimCheck } from "../src/claims/claim.ts";

const gdThreshold = (c: SweepCell) =>
  c.report !== null ? flagAt(c.report, "gdThresholdMet") === true : gdMet(c);
const flowThreshold = (c: SweepCell) =>
  c.report !== null ? flagAt(c.report, "flowThresholdMet") === true : flowMet(c);

/** a0^2 / 8 >= ||y*|| from the config (for cells without a report). */
function gdMet(c: SweepCell): boolean {
  return Number(c.config.a0) ** 2 / 8 >= Number(c.config.targetNorm);
}

/** a0^2 / 4 >= ||y*|| from the config. */
function flowMet(c: SweepCell): boolean {
  return Number(c.config.a0) ** 2 / 4 >= Number(c.config.targetNorm);
}

/** "When a0^2 / 8 >= ||y*||, GD with step 1/L stays in its ball and under (1 - mu/L)^k". */
export const gdInBallAtRate = flagCheck({
  flags: [
    { key: "inGdBall", says: "inside the ball sqrt(8 f0 / mu)" },
    { key: "boundHolds", says: "under (1 - 2 mu s (1 - L s / 2))^k f0" },
  ],
  show: ["maxDrift", "gdRadius", "measuredContraction", "boundContraction"],
  select: (c) => gdThreshold(c) && c.config.lr === 1,
  what: "cells with a0^2/8 >= ||y*|| at step 1/L (lr=1)",
  thresholds: [{
    what: "max drift <= ball radius; loss <= bound",
    value: "1e-9 relative slack on the bound",
    why: "the theorem's statement; the slack is float64 rounding",
  }],
});

/** "When a0^2 / 4 >= ||y*||, the flow stays in its ball and converges linearly". */
export const flowInBallLinear: ClaimCheck = (input) =>
  perCell(input, {
    rule: EVERY,
    select: flowThreshold,
    what: "cells with a0^2/4 >= ||y*||",
    thresholds: [
      { what: "max drift <= sqrt(2 f0 / mu)", value: "exact", why: "the theorem's ball" },
      { what: "decay model", value: "geometric", why: DECAY_SELECTION_WHY },
    ],
    judge: (report, cell) => {
      const inBall = flagAt(report, "inFlowBall");
      const d = judgeDecay(report, cell, { model: "geometric" });
      const runs = [report.id];
      const measured = [
        { what: "inFlowBall", value: inBall, at: cell.label, runs },
        { what: "max drift", value: numberAt(report, "maxDrift"), at: cell.label, runs },
        { what: "flow ball radius", value: numberAt(report, "flowRadius"), at: cell.label, runs },
        ...d.measured,
      ];
      const verdict = inBall === false || d.verdict === "fails"
        ? "fails"
        : inBall === true && d.verdict === "holds"
        ? "holds"
        : "inconclusive";
      return {
        verdict,
        measured,
        note: `${inBall ? "in the ball" : "outside the ball"}, ${d.note}`,
      };
    },
  });

/** "The drift shrinks like 1 / |a0| as a0 grows". */
export const driftLikeOneOverA0 = powerLawCheck({
  axis: "a0",
  x: (config) => Math.abs(Number(config.a0)),
  label: "max drift",
  value: (r) => numberAt(r, "maxDrift"),
  range: [-1.1, -0.9],
  select: flowThreshold,
  what: "cells with a0^2/4 >= ||y*||",
  why: "the flow's limit has drift -> ||y*|| / |a0|; its closed form gives an exponent of -0.98 " +
    "over a0 in [2, 6], so +-0.1 around -1 separates 1/|a0| from 1/sqrt|a0| or 1/a0^2",
});
