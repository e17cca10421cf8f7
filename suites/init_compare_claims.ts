/**
 * The checks of init-compare's claims (paper 001, Section 6.4): both initialisations decay
 * geometrically, and depth-scaled He converges more slowly than He.
 */
import type { ClaimCheck } from "../src/claims/claim.ts";
import { num } from "../src/claims/claim.ts";
import { decayModelCheck } from "../src/claims/checks/decay_check.ts";
import { both, Evidence, pick } from "../src/claims/comparison.ts";
import { mean } from "../src/util/stats.ts";
import type { Report } from "../src/report/schema.ts";

/** "Both initialisations converge linearly (log gap straight in the stable regime)". */
export const bothDecayGeometrically = decayModelCheck({ model: "geometric" });

/** Decades the loss falls per epoch over the whole run: log10(L_0 / L_T) / T. */
export function decadesPerEpoch(report: Report): number | null {
  const { loss, epoch } = report.series;
  const first = loss[0];
  const last = loss[loss.length - 1];
  const span = (epoch[epoch.length - 1] ?? 0) - (epoch[0] ?? 0);
  if (first === undefined || last === undefined || !(first > 0) || !(last > 0) || span <= 0) {
    return null;
  }
  return Math.log10(first / last) / span;
}

/** "Depth-scaled He (smaller initial variance) converges more slowly than He". */
export const depthScaledSlower: ClaimCheck = (input) => {
  const ev = new Evidence();
  const he = pick(input, "init=he", (c) => c.config.init === "he");
  const ds = pick(input, "init=depth-scaled-he", (c) => c.config.init === "depth-scaled-he");
  const rate = (g: typeof he) => {
    const xs = ev.values(g, "decades of loss per epoch", decadesPerEpoch);
    return xs.length === 0 || xs.some((x) => x === null) ? null : mean(xs as number[]);
  };
  const rHe = rate(he);
  const rDs = rate(ds);
  ev.compare(
    both(rDs, rHe, (d, h) => d < h),
    `depth-scaled He falls ${num(rDs)} decades per epoch vs He ${num(rHe)} (mean over runs)`,
  );
  return ev.judge([...he.missing, ...ds.missing], [{
    what: "mean decades of loss per epoch, depth-scaled He vs He",
    value: "strictly fewer",
    why: "'more slowly' measured over the same epochs and step, whatever model the decay follows " +
      "(a run that barely leaves its initial loss has no contraction factor to compare)",
  }], "the mean over every run of each initialisation (seeds and other keys pooled)");
};
