/**
 * The checks of logistic's claims (Robin, Scaman, Lelarge, Section 4.3, Proposition 4.5): every
 * seed stays under the Lambert-W bound, and every seed's loss decays as a power law with a
 * log-log slope near -1 (like 1/t), not geometrically.
 */
import { num } from "../src/claims/claim.ts";
import { decayModelCheck } from "../src/claims/checks/decay_check.ts";
import { flagCheck } from "../src/claims/checks/flag_check.ts";
import { numberAt } from "../src/claims/summary_values.ts";

/** Largest distance of the tail's log-log slope from -1 that is "near -1". */
export const SLOPE_TOLERANCE = 0.25;

/** "The training loss stays below the Lambert-W bound at all t". */
export const underLambertBound = flagCheck({
  flags: [{ key: "boundHolds", says: "under the bound at every recorded t" }],
  show: ["lossOverBoundFinal"],
  what: "seeds",
  thresholds: [{
    what: "loss / bound at every recorded epoch",
    value: "<= 1 + 1e-12",
    why: "Proposition 4.5 is an upper bound at all t; the slack is float64 rounding",
  }],
});

/** "The loss decays sublinearly, like 1/t (log-log slope near -1), not linearly". */
export const decaysLikeOneOverT = decayModelCheck({
  model: "power",
  what: "seeds",
  also: (report) => {
    const slope = numberAt(report, "tailSlope");
    const runs = [report.id];
    const measured = [{
      what: "log-log slope over the last half",
      value: slope,
      at: `seed=${report.config.seed}`,
      runs,
    }];
    if (slope === null) return { verdict: "inconclusive", measured, note: "no tail slope" };
    const near = Math.abs(slope + 1) <= SLOPE_TOLERANCE;
    return { verdict: near ? "holds" : "fails", measured, note: `tail slope ${num(slope)}` };
  },
  thresholds: [{
    what: "|log-log slope of the loss over the last half + 1|",
    value: SLOPE_TOLERANCE,
    why: "1/t up to the log corrections of the separable regime (Soudry et al.), which keep the " +
      "measured slope within a few hundredths of -1; a quarter is far from any other power",
  }],
});
