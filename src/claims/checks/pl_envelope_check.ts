/**
 * "The PL ratio has a positive lower envelope (is bounded away from zero)": on each run's
 * post-transient stretch (the decay fit's window, from the stable window's start), the PL ratio
 * against L* = 0, ||grad L||^2 / (2 L), must keep its minimum within one decade of its median.
 *
 * Why against L* = 0: for any L* in [0, L_t] the gap L_t - L* is at most L_t, so this ratio is the
 * smallest the PL ratio can be; an envelope that holds here holds for the unknown L*, and it cannot
 * be manufactured by the terminal-loss proxy, which inflates the ratio near the end (the paper's
 * own caveat). Why one decade: any positive minimum is "positive", so positivity alone could not
 * fail; a ratio that sinks toward zero (a plateau or saddle, or a sublinear decay whose ratio falls
 * like the loss) drops more than a decade below its median over a run, while a PL envelope stays
 * within a small factor of it.
 */
import { type ClaimCheck, num, type Threshold } from "../claim.ts";
import { type CellRule, EVERY, perCell } from "../rules.ts";
import { decayAt, numberAt } from "../summary_values.ts";

/** Smallest accepted ratio of the PL envelope (minimum) to the median on the stretch. */
export const PL_ENVELOPE_MIN_FRACTION = 0.1;

/** The threshold of the envelope rule, with its reason. */
export const PL_ENVELOPE_THRESHOLD: Threshold = {
  what: "min / median of ||grad L||^2 / (2 L) on the post-transient stretch",
  value: PL_ENVELOPE_MIN_FRACTION,
  why: "L* = 0 gives the smallest ratio for any L* >= 0, so the proxy cannot inflate it; a ratio " +
    "heading to zero falls more than a decade below its median, a PL envelope does not",
};

/** Options of `plEnvelopeCheck`. */
export interface PlEnvelopeOptions {
  rule?: CellRule;
  /** What the cells are (plural), e.g. "seeds". */
  what?: string;
  /** The claim is about the stable regime: a run without a stable window is undecided. */
  needWindow?: boolean;
}

/** A claim that every run's PL ratio keeps a positive lower envelope. */
export function plEnvelopeCheck(options: PlEnvelopeOptions = {}): ClaimCheck {
  return (input) =>
    perCell(input, {
      rule: options.rule ?? EVERY,
      what: options.what,
      thresholds: [PL_ENVELOPE_THRESHOLD],
      judge: (report, cell) => {
        const runs = [report.id];
        if (report.status === "diverged") {
          return { verdict: "fails", measured: [], note: `diverged at epoch ${report.divergedAt}` };
        }
        const min = numberAt(report, "plMinZero");
        const median = numberAt(report, "plMedianZero");
        const window = decayAt(report)?.window ?? null;
        const at = cell.label;
        const measured = [
          { what: "min PL ratio (L* = 0)", value: min, at, runs },
          { what: "median PL ratio (L* = 0)", value: median, at, runs },
          {
            what: "PL min on the stable window (proxy L*)",
            value: numberAt(report, "plMin"),
            at,
            runs,
          },
        ];
        if (options.needWindow === true && !Array.isArray(report.summary.window)) {
          return { verdict: "inconclusive", measured, note: "no stable window found" };
        }
        if (min === null || median === null || !(median > 0)) {
          return {
            verdict: "inconclusive",
            measured,
            note: "no PL ratio on a post-transient stretch",
          };
        }
        const fraction = min / median;
        const where = window === null ? "" : ` on epochs ${window[0]}-${window[1]}`;
        return {
          verdict: min > 0 && fraction >= PL_ENVELOPE_MIN_FRACTION ? "holds" : "fails",
          measured: [...measured, { what: "min / median", value: fraction, at, runs }],
          note: `min ${num(min)}, median ${num(median)} (${num(fraction)} of it)${where}`,
        };
      },
    });
}
