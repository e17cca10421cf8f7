/**
 * "The local PL constant and the sharpness predict the rate" (paper 004, Theorem 5.7; seed 003's
 * (1 - mu / beta)^k at eta = 1 / beta), judged per run below the edge of stability on the
 * summary's predicted-against-measured comparison (src/analysis/rate_prediction.ts): at the
 * sharpness probes of the post-transient run before the first crossing of the edge, each step's
 * measured contraction m_t must lie between the first-order rate 1 - 2 eta mu_t (a step that meets
 * no curvature; slightly negative curvature, down to -KAPPA_FLOOR of the sharpness, allowed) and
 * the descent lemma's 1 - 2 eta mu_t (1 - eta beta_t / 2) (a step that meets the sharpness beta_t):
 * then mu_t and beta_t give the rate to within the factor 1 / (1 - eta beta_t / 2) of their
 * log-rates. A run fails where more than one probe in ten falls outside, is inconclusive with
 * fewer than MIN_RATE_PROBES probes below the edge (a run at the edge of stability over its whole
 * post-transient run is not judged), and the evidence gives the bound's share alone, the median
 * curvature met over the sharpness (0: the first-order rate, 1: the bound) and the median ratio of
 * measured to predicted log-rates beside the verdict.
 */
import { type ClaimCheck, num, type Threshold } from "../claim.ts";
import { EVERY, perCell } from "../rules.ts";
import { numberAt } from "../summary_values.ts";

/** Fewest probes below the edge a run is judged on. */
export const MIN_RATE_PROBES = 5;

/** Least share of those probes whose step lies in the bracket. */
export const MIN_BRACKET_SHARE = 0.9;

const THRESHOLDS: Threshold[] = [
  {
    what: "probes compared per run",
    value: `>= ${MIN_RATE_PROBES}`,
    why: "a share of 90% needs at least this many probes to differ from one probe out of four; " +
      "fewer (or a run at the edge over its whole post-transient run) is too little to tell",
  },
  {
    what: "share of probes whose step met a curvature of -0.05 to 1 times the sharpness, i.e. " +
      "1 - 2 eta mu_t <~ m_t <= 1 - 2 eta mu_t (1 - eta beta_t / 2)",
    value: `>= ${MIN_BRACKET_SHARE}`,
    why: "the sharpness is taken at theta_t, not along the step: near a loss spike one probe in " +
      "ten may meet more curvature within its step without the prediction failing as a rule",
  },
];

/**
 * The check for a suite's full-batch GD runs with sharpness probes (every seed must hold).
 *
 * @example
 * { id: "rate-predicted", statement: "...", source: "...", check: ratePredicted }
 */
export const ratePredicted: ClaimCheck = (input) =>
  perCell(input, {
    rule: EVERY,
    what: "seeds",
    thresholds: THRESHOLDS,
    judge: (report, cell) => {
      const at = cell.label;
      const runs = [report.id];
      const read = (key: string) => numberAt(report, key);
      const probes = read("rateProbes");
      const above = read("rateProbesAboveEdge");
      const bracket = read("rateBracketShare");
      const measured = [
        { what: "probes compared (below the edge)", value: probes, at, runs },
        { what: "probes at or past the edge", value: above, at, runs },
        { what: "share in the bracket", value: bracket, at, runs },
        { what: "share within the bound", value: read("rateBoundShare"), at, runs },
        { what: "median curvature met / sharpness", value: read("rateCurvatureMedian"), at, runs },
        { what: "median measured / predicted log-rate", value: read("rateRatioMedian"), at, runs },
        { what: "L* of the rates", value: read("rateLStar"), at, runs },
      ];
      if (probes === null) {
        return {
          verdict: "inconclusive",
          measured,
          note: "no predicted rate in the report (no sharpness probes, or not full-batch GD)",
        };
      }
      const ratio = read("rateRatioMedian");
      const edge = read("edgeEpoch");
      if (probes < MIN_RATE_PROBES || bracket === null) {
        return {
          verdict: "inconclusive",
          measured,
          note: `${probes} probes below the edge in the post-transient run` +
            (edge === null ? "" : ` (at the edge from epoch ${edge}: ${above} probes)`) +
            `: too few to tell (>= ${MIN_RATE_PROBES})`,
        };
      }
      const share = `${num(bracket * 100)}% of ${probes} probes in the bracket (curvature met / ` +
        `sharpness ${num(read("rateCurvatureMedian"))}), measured / predicted log-rate ${
          num(ratio)
        }`;
      return bracket >= MIN_BRACKET_SHARE
        ? { verdict: "holds", measured, note: share }
        : { verdict: "fails", measured, note: `only ${share}` };
    },
  });
