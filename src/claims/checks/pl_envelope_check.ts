/**
 * "The PL ratio has a positive lower envelope (is bounded away from zero)": on each run's stable
 * window (summary.window, the paper's stable middle regime), the PL ratio ||grad L||^2 / (2 gap)
 * against the run's fitted limit must keep its minimum within one decade of its median.
 *
 * Why the fitted limit: the gap needs L*, which no run knows. L* = 0 is wrong for a run that
 * settles on a loss floor above zero (its ratio must sink to zero there, whatever the dynamics), and
 * the terminal-loss proxy inflates the ratio near the end by construction (the paper's own caveat).
 * The decay-model fit's limit (summary.decay.lInf; 0 when the best model has none) is the run's own
 * estimate of L* from its post-transient curve. Epochs where the loss is not above it are left out.
 * Why the stable window: the paper restricts its PL readouts to it, leaving out the warm-up
 * transient and the epochs near the end where any L* estimate compresses the gap.
 * Why one decade: any positive minimum is "positive", so positivity alone could not fail; a ratio
 * that sinks toward zero on the window (a plateau or saddle, a rate that keeps slowing) falls more
 * than a decade below its median, while a PL envelope stays within a small factor of it (measured:
 * 0.87-0.90 on mlp-mnist's defaults, 0.17-0.84 on cnn-cifar5's).
 */
import type { Report } from "../../report/schema.ts";
import { type ClaimCheck, type Measured, num, type Threshold } from "../claim.ts";
import { type CellRule, EVERY, perCell } from "../rules.ts";
import { decayAt, numberAt } from "../summary_values.ts";
import { median } from "../../util/stats.ts";

/** Smallest accepted ratio of the PL envelope (minimum) to the median on the stable window. */
export const PL_ENVELOPE_MIN_FRACTION = 0.1;

/** The threshold of the envelope rule, with its reason. */
export const PL_ENVELOPE_THRESHOLD: Threshold = {
  what: "min / median of ||grad L||^2 / (2 (L - L_fit)) on the stable window",
  value: PL_ENVELOPE_MIN_FRACTION,
  why: "positivity alone cannot fail; a ratio sinking toward zero falls more than a decade below " +
    "its median, a PL envelope does not. L_fit is the decay fit's limit: L* = 0 forces the ratio " +
    "to zero on a loss floor, the terminal proxy inflates it",
};

/** The PL ratios against `lStar` on the epochs [from, to] where the loss is above it. */
export function plRatios(report: Report, lStar: number, [from, to]: [number, number]): number[] {
  const { epoch, loss, gradNormSq } = report.series;
  const out: number[] = [];
  epoch.forEach((e, i) => {
    const gap = loss[i]! - lStar;
    if (e >= from && e <= to && gap > 0 && Number.isFinite(gradNormSq[i]!)) {
      out.push(gradNormSq[i]! / (2 * gap));
    }
  });
  return out;
}

/** Options of `plEnvelopeCheck`. */
export interface PlEnvelopeOptions {
  rule?: CellRule;
  /** What the cells are (plural), e.g. "seeds". */
  what?: string;
}

/** A claim that every run's PL ratio keeps a positive lower envelope on its stable window. */
export function plEnvelopeCheck(options: PlEnvelopeOptions = {}): ClaimCheck {
  return (input) =>
    perCell(input, {
      rule: options.rule ?? EVERY,
      what: options.what,
      thresholds: [PL_ENVELOPE_THRESHOLD],
      judge: (report, cell) => {
        const runs = [report.id];
        const at = cell.label;
        if (report.status === "diverged") {
          return { verdict: "fails", measured: [], note: `diverged at epoch ${report.divergedAt}` };
        }
        const w = report.summary.window;
        if (!Array.isArray(w)) {
          return { verdict: "inconclusive", measured: [], note: "no stable window found" };
        }
        const lFit = decayAt(report)?.lInf ?? 0;
        const ratios = plRatios(report, lFit, w);
        const measured: Measured[] = [
          { what: "stable window", value: `${w[0]}-${w[1]}`, at, runs },
          { what: "L_fit (decay fit's limit)", value: lFit, at, runs },
          {
            what: "PL min on the window (terminal proxy, as in the paper)",
            value: numberAt(report, "plMin"),
            at,
            runs,
          },
        ];
        if (ratios.length < 2) {
          return {
            verdict: "inconclusive",
            measured,
            note: `under two epochs above L_fit on ${w[0]}-${w[1]}`,
          };
        }
        const min = Math.min(...ratios);
        const mid = median(ratios);
        const fraction = min / mid;
        measured.push(
          { what: "min PL ratio (L_fit)", value: min, at, runs },
          { what: "median PL ratio (L_fit)", value: mid, at, runs },
          { what: "min / median", value: fraction, at, runs },
        );
        return {
          verdict: min > 0 && fraction >= PL_ENVELOPE_MIN_FRACTION ? "holds" : "fails",
          measured,
          note: `min ${num(min)}, median ${num(mid)} (${num(fraction)} of it) on epochs ${w[0]}-${
            w[1]
          }`,
        };
      },
    });
}
