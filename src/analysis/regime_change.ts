/**
 * Whether a loss curve changes regime inside a window: a power-law start that turns geometric, a
 * geometric decay whose rate drops several-fold. One model fitted over both phases can still fit
 * "well enough" (its misfit absorbed into a compromise rate), so the selection asks this question
 * before stating a model.
 *
 * Rule: split the window at each of the 7 octiles of its points (then once more at the octiles
 * between the best split's neighbours), fit every model to each side and keep each side's best;
 * the window changes regime at the split whose two-piece misfit (beyond the noise) is smallest
 * when
 * 1. splitting explains the one-model fit's systematic misfit: the two-piece misfit is at most a
 *    third of it (the one-model misfit must itself be above CHANGE_MIN_MISFIT, else there is
 *    nothing to explain), and
 * 2. the two sides differ: their best models are different families, or the same family decaying
 *    at rates (-d ln gap / dt at the split) at least CHANGE_RATE_FACTOR = 2 apart.
 * A smooth curve whose rate drifts a little is better fitted by two pieces too, but by the same
 * model at nearby rates, so it is not a change; a rate that halves or a new family is.
 */
import type { DecayChange, DecayModel } from "../report/schema.ts";
import type { DecayPoints } from "./decay_fit.ts";
import { byFit, type DecayFits, fitDecayModels, localRate, noiseAllowance } from "./decay_fits.ts";

/** How much better two pieces must fit than one (ratio of systematic misfits). */
export const CHANGE_MISFIT_GAIN = 3;
/** Rates of the same family at least this factor apart make two regimes. */
export const CHANGE_RATE_FACTOR = 2;
/** A one-model misfit below this (relative) leaves nothing for a split to explain. */
export const CHANGE_MIN_MISFIT = 1e-3;
/** Fewest points on each side of a split. */
export const CHANGE_MIN_SIDE = 8;

interface Split {
  index: number;
  misfit: number;
  before: { model: DecayModel; fits: DecayFits };
  after: { model: DecayModel; fits: DecayFits };
}

function slice(points: DecayPoints, a: number, b: number): DecayPoints {
  return { epoch: points.epoch.slice(a, b), loss: points.loss.slice(a, b) };
}

function splitAt(points: DecayPoints, index: number, noise: number): Split {
  const n = points.epoch.length;
  const left = fitDecayModels(slice(points, 0, index + 1), noise);
  const right = fitDecayModels(slice(points, index, n), noise);
  const lm = byFit(left)[0]!;
  const rm = byFit(right)[0]!;
  const rss = left[lm].rss + right[rm].rss;
  return {
    index,
    misfit: Math.sqrt(Math.max(0, rss / (n + 1) - noiseAllowance(noise, n + 1))),
    before: { model: lm, fits: left },
    after: { model: rm, fits: right },
  };
}

function differ(points: DecayPoints, s: Split): boolean {
  if (s.before.model !== s.after.model) return true;
  const u = points.epoch[s.index]! - points.epoch[0]!;
  const a = localRate(s.before.fits, s.before.model, u);
  const b = localRate(s.after.fits, s.after.model, 0);
  if (a === null || b === null) return a !== b;
  return Math.max(a, b) >= CHANGE_RATE_FACTOR * Math.min(a, b);
}

/**
 * The regime change inside `points` (see the module comment), given the curve's noise and the
 * best one-model fit's misfit; null when there is none or the window is too short to split.
 *
 * @example
 * // 1.5 decades at rate 0.1, then 1.5 at rate 0.01 per epoch: changes at epoch 35
 * findRegimeChange(points, 1e-7, fits.geometric.misfit)?.epoch; // about 35
 */
export function findRegimeChange(
  points: DecayPoints,
  noise: number,
  oneModelMisfit: number,
): DecayChange | null {
  const n = points.epoch.length;
  if (oneModelMisfit < CHANGE_MIN_MISFIT || n < 2 * CHANGE_MIN_SIDE + 1) return null;
  const lo = CHANGE_MIN_SIDE - 1;
  const hi = n - CHANGE_MIN_SIDE;
  const at = (f: number) => Math.min(hi, Math.max(lo, Math.round(f * (n - 1))));
  const coarse = [...new Set([1, 2, 3, 4, 5, 6, 7].map((k) => at(k / 8)))];
  let best: Split | null = null;
  for (const index of coarse) {
    const s = splitAt(points, index, noise);
    if (best === null || s.misfit < best.misfit) best = s;
  }
  if (best === null) return null;
  const step = (n - 1) / 64;
  const fine = [-3, -2, -1, 1, 2, 3].map((k) => Math.round(best!.index + k * step))
    .filter((i) => i >= lo && i <= hi && !coarse.includes(i));
  for (const index of new Set(fine)) {
    const s = splitAt(points, index, noise);
    if (s.misfit < best.misfit) best = s;
  }
  if (!(best.misfit * CHANGE_MISFIT_GAIN <= oneModelMisfit) || !differ(points, best)) return null;
  return {
    epoch: points.epoch[best.index]!,
    before: best.before.model,
    after: best.after.model,
    misfit: best.misfit,
  };
}
