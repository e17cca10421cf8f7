/**
 * Whether a loss curve changes regime inside a window: a power-law start that turns geometric, a
 * geometric decay whose rate drops several-fold. One model fitted over both phases can still fit
 * "well enough" (its misfit absorbed into a compromise rate), so the selection asks this question
 * before stating a model.
 *
 * Rule: split the window at each of the 7 octiles of its points (then at 6 points around the best
 * split, 1/64 of the window apart), fit every model to each side and keep each side's best;
 * the window changes regime at the split whose two-piece misfit (beyond the noise) is smallest
 * when
 * 1. splitting explains the one-model fit's systematic misfit: the two-piece misfit is at most a
 *    third of it (the one-model misfit must itself be above CHANGE_MIN_MISFIT, else there is
 *    nothing to explain), and
 * 2. the two sides differ: their best models are different families, or the same family decaying
 *    at rates (-d ln gap / dt at the split) at least CHANGE_RATE_FACTOR = 2 apart, or one side is
 *    described by its model (misfit within the selection's tolerance, decay_fits.ts) and the
 *    other is not (a warm-up whose rate still grows, then a steady decay: no model here
 *    accelerates, so the warm-up is fitted by an average rate).
 * A smooth curve whose rate drifts a little is better fitted by two pieces too, but by the same
 * model at nearby rates, so it is not a change; a rate that halves or a new family is.
 * Windows of more than CHANGE_MAX_POINTS epochs are searched on every k-th epoch (the last one
 * kept), so a 5,000-epoch run costs what a 400-epoch one does; a change is placed to within k
 * epochs.
 */
import type { DecayChange, DecayModel } from "../report/schema.ts";
import type { DecayPoints } from "./decay_fit.ts";
import {
  byFit,
  type DecayFits,
  fitDecayModels,
  localRate,
  misfitTolerance,
  noiseAllowance,
} from "./decay_fits.ts";

/** How much better two pieces must fit than one (ratio of systematic misfits). */
export const CHANGE_MISFIT_GAIN = 3;
/** Rates of the same family at least this factor apart make two regimes. */
export const CHANGE_RATE_FACTOR = 2;
/** A one-model misfit below this (relative) leaves nothing for a split to explain. */
export const CHANGE_MIN_MISFIT = 1e-3;
/** Fewest points on each side of a split. */
export const CHANGE_MIN_SIDE = 8;
/** Most points a window is searched on. */
export const CHANGE_MAX_POINTS = 400;

interface Split {
  index: number;
  misfit: number;
  before: { model: DecayModel; fits: DecayFits };
  after: { model: DecayModel; fits: DecayFits };
}

/** Every k-th point of a window longer than CHANGE_MAX_POINTS, the last one kept. */
function thin(points: DecayPoints): DecayPoints {
  const n = points.epoch.length;
  const k = Math.ceil(n / CHANGE_MAX_POINTS);
  if (k <= 1) return points;
  const keep = (_: number, i: number) => i % k === 0 || i === n - 1;
  return { epoch: points.epoch.filter(keep), loss: points.loss.filter(keep) };
}

function bestMisfit(fits: DecayFits): number {
  return fits[byFit(fits)[0]!].misfit;
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
  const n = points.epoch.length;
  const left =
    s.before.fits[s.before.model].misfit <= misfitTolerance(points.loss.slice(0, s.index + 1));
  const right =
    s.after.fits[s.after.model].misfit <= misfitTolerance(points.loss.slice(s.index, n));
  if (left !== right) return true;
  const u = points.epoch[s.index]! - points.epoch[0]!;
  const a = localRate(s.before.fits, s.before.model, u);
  const b = localRate(s.after.fits, s.after.model, 0);
  if (a === null || b === null) return a !== b;
  return Math.max(a, b) >= CHANGE_RATE_FACTOR * Math.min(a, b);
}

/**
 * The regime change inside `points` (see the module comment), given the curve's noise and the
 * best one-model fit's misfit; null when there is none or the window is too short to split. Its
 * `late` phase is left for the caller to judge (null here).
 *
 * @example
 * // 1.5 decades at rate 0.1, then 1.5 at rate 0.01 per epoch: changes at epoch 35
 * findRegimeChange(points, 1e-7, fits.geometric.misfit)?.epoch; // about 35
 */
export function findRegimeChange(
  all: DecayPoints,
  noise: number,
  oneModelMisfit: number,
): DecayChange | null {
  if (oneModelMisfit < CHANGE_MIN_MISFIT || all.epoch.length < 2 * CHANGE_MIN_SIDE + 1) {
    return null;
  }
  const points = thin(all);
  const n = points.epoch.length;
  const one = points === all ? oneModelMisfit : bestMisfit(fitDecayModels(points, noise));
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
  if (!(best.misfit * CHANGE_MISFIT_GAIN <= one) || !differ(points, best)) return null;
  return {
    epoch: points.epoch[best.index]!,
    before: best.before.model,
    after: best.after.model,
    misfit: best.misfit,
    late: null,
  };
}
