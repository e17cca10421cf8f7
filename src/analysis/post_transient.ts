/**
 * The post-transient run: the epochs the decay verdict and the PL verdict are judged on. It ends
 * at the last epoch whose loss the arithmetic resolves (decay_model.ts' `resolvedEnd`) and
 * starts after the first TRANSIENT_FRACTION = 2% of the epochs up to there (at least 2), where
 * the first large steps from initialisation settle (on mlp-mnist's defaults the PL ratio falls
 * from about 60 to its running level within 5 epochs). 2% rather than more: a 1/t decay after
 * the first share f of a run spans log10(1/f) decades, so a long cut would hide decades that
 * both verdicts need (1.7 at 2%, 1 at 10%).
 *
 * The start is a fixed share of the run, never chosen from the data: a window picked where the
 * decay rate is steady is picked where the PL ratio is flat (under gradient descent the local
 * slope of log(L - L*) is 2 lr times the PL ratio), and a verdict read on it could not fail.
 */
import { resolvedEnd } from "./decay_model.ts";

/** Share of a run's epochs counted as its transient. */
export const TRANSIENT_FRACTION = 0.02;
/** Fewest transient epochs. */
export const MIN_TRANSIENT = 2;

/**
 * Series indices [a, b] of the post-transient run of `epoch` / `loss` (consecutive epochs from
 * 0), or null when nothing is left after the transient.
 *
 * @example
 * postTransient(epochs0to200, loss); // [20, 200] when every loss is resolved
 */
export function postTransient(
  epoch: readonly number[],
  loss: readonly number[],
): [number, number] | null {
  const end = resolvedEnd(loss);
  if (end < 1) return null;
  const first = epoch[0]!;
  const last = epoch[end]!;
  const cut = first + Math.max(MIN_TRANSIENT, Math.ceil(TRANSIENT_FRACTION * (last - first)));
  const start = epoch.findIndex((e) => e >= cut);
  return start >= 0 && end > start ? [start, end] : null;
}
