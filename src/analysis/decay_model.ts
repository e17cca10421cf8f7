/**
 * Decay-model selection: which of geometric, power-law and linear decay (decay_fit.ts, each with
 * its limit L_inf free) describes a loss curve, and whether the curve shows enough to say so.
 *
 * Why not a likelihood criterion: full-batch losses in float32 are smooth and nearly noiseless,
 * so any model that is not exactly right leaves residuals many times the rounding, and BIC-type
 * margins (built on iid noise) come out in the thousands for differences no one could see on a
 * plot, or for a curve too short to tell one decay from another. The rule here compares how far
 * each model misses the curve *beyond its noise*, and asks the curve to span enough decline.
 *
 * The noise scale sigma is read from the curve (noise_scale.ts: third differences of ln L,
 * robust, floored at the format's rounding); a fit's `misfit` is the root mean square of its
 * relative residuals with the noise taken out, sqrt(max(0, rms^2 - sigma^2 (1 + 3 sqrt(2/n))))
 * (decay_fits.ts: the noise variance and three errors of its estimate over n epochs).
 * Noise enters the fits too: the limit may sit up to 4 sigma above the lowest loss, since a noisy
 * minimum undercuts the curve; and a decline is counted only down to 2 sigma of the last loss.
 *
 * Verdict: the best model (smallest residuals), when
 * 1. the window shows enough: its decline, resolved above the noise, spans >= `minDecades`
 *    decades (config, default 1) in the quantity the model describes (the gap L - L_inf; for
 *    linear, the loss itself). Less: "too short to tell". One evidence standard for all three
 *    models: over a fraction of a decade a geometric, a power-law and a linear curve are all
 *    nearly straight lines;
 * 2. the curve does not change regime inside the window (regime_change.ts): a power-law start
 *    that turns geometric, or a rate that drops several-fold, is not one model over both phases.
 *    The late phase, from the change to the window's end, is then judged on its own by the same
 *    standard (`change.late`; not searched for a further change);
 * 3. the model fits: its misfit is at most DECAY_MAX_MISFIT = 1% of the window's extent on a
 *    semilog plot, ln(max L / min L) nats (at least 1 nat: 1% of the loss on a curve that falls
 *    less). A model off by more does not describe the curve, whichever is best. The extent is
 *    the scale because a rate that drifts by a fraction d over a decline of R nats leaves a
 *    misfit of about d R / 8: over 20 decades a 1% drift misses by 6%, over a tenth of a decade
 *    a 1% misfit is a visibly wrong shape;
 * 4. the runner-up is clearly worse, in two senses:
 *    - materially: its misfit is at least DECAY_MIN_SEPARATION = 3 times the best's
 *      (`separation`, with the runner-up's misfit taken as the best's plus the difference of their
 *      mean squared residuals, which the noise does not enter); a best model that fits to within
 *      the noise passes this by itself;
 *    - beyond the noise: the difference of their squared residuals summed over the window is at
 *      least DECAY_MIN_EVIDENCE = 25 times the noise variance (`evidence`), a difference that the
 *      noise, spread over a few fitted parameters, does not make (a chi-square with a few degrees
 *      of freedom exceeds 25 with probability below 1e-4). On a noiseless float32 curve this is
 *      easily met, and the material condition and the decades decide; on a noisy one it is what
 *      decides, since a difference smaller than the noise can only be seen over many epochs;
 * otherwise `undetermined`, with `reason` saying which condition failed.
 *
 * What "geometric" then means: the power law's offset is capped at t0 <= 10 x the window's span
 * (decay_fit.ts), so any power law slows down by at least 10% across the window. "Geometric" is
 * a decay at a steady rate that no power law slowing down that much matches as well: a rate that
 * drifts by a few percent over the window is still geometric.
 *
 * Points: the post-transient run ends at the last epoch whose loss the arithmetic resolves
 * (`resolvedEnd`). A squared loss computed from residuals of initial size sqrt(2 L_0) in a format
 * with machine epsilon eps carries a relative error of about 2 eps sqrt(L_0 / L); below
 * L_0 (eps / 1e-4)^2 that passes 2e-4 and the curve is round-off, not decay (float64 toys reach
 * 1e-32 and jitter there).
 */
import type { Decay, DecayModel } from "../report/schema.ts";
import type { DecayPoints } from "./decay_fit.ts";
import { byFit, fitDecayModels, misfitTolerance } from "./decay_fits.ts";
import { lossRoundoff, relativeNoise } from "./noise_scale.ts";
import { findRegimeChange } from "./regime_change.ts";

export { DECAY_MAX_MISFIT } from "./decay_fits.ts";
/** How many times the best's misfit the runner-up's must be. */
export const DECAY_MIN_SEPARATION = 3;
/** Least sum of the runner-up's extra squared residuals, in units of the noise variance. */
export const DECAY_MIN_EVIDENCE = 25;
/** Fewest epochs a selection is made on. */
export const DECAY_MIN_POINTS = 8;
/** Default of the config key `minDecades`. */
export const DEFAULT_MIN_DECADES = 1;

function pct(x: number): string {
  return `${(100 * x).toPrecision(2)}%`;
}

function decadesText(x: number | null): string {
  return x === null ? "no" : x.toFixed(2);
}

/**
 * Selects the decay model of `points` (at least DECAY_MIN_POINTS epochs with positive losses);
 * null when there are fewer. See the module comment for the rule; `findChange` false skips the
 * regime-change test (a late phase is not split again).
 *
 * @example
 * const epoch = Array.from({ length: 101 }, (_, t) => t);
 * selectDecay({ epoch, loss: epoch.map((t) => 0.5 * 0.95 ** t) }).model; // "geometric"
 */
export function selectDecay(
  points: DecayPoints,
  minDecades = DEFAULT_MIN_DECADES,
  findChange = true,
): Decay | null {
  const n = points.epoch.length;
  if (n < DECAY_MIN_POINTS) return null;
  const noise = relativeNoise(points.loss);
  const fits = fitDecayModels(points, noise);
  const [best, runnerUp] = byFit(fits) as [DecayModel, DecayModel];
  const misfit = fits[best].misfit;
  const extra = Math.max(0, fits[runnerUp].rss - fits[best].rss) / n;
  const separation = misfit > 0 ? Math.sqrt(1 + extra / (misfit * misfit)) : Number.MAX_VALUE;
  const evidence = (n * extra) / (noise * noise);
  const decades = fits[best].decades;
  const extent = Math.log(Math.max(...points.loss) / Math.min(...points.loss));
  const tolerance = misfitTolerance(points.loss);
  let change = null;
  let reason: string | null = null;
  if (!(decades !== null && decades >= minDecades)) {
    reason = `too short to tell: ${decadesText(decades)} decades of ${best} decline ` +
      `resolved above the noise < ${minDecades}`;
  } else if (findChange && (change = findRegimeChange(points, noise, misfit)) !== null) {
    const from = points.epoch.indexOf(change.epoch);
    const late = { epoch: points.epoch.slice(from), loss: points.loss.slice(from) };
    change.late = selectDecay(late, minDecades, false);
    reason = `the regime changes near epoch ${change.epoch}: ${change.before} before, ` +
      `${change.after} after (one ${best} fit misses by ${pct(misfit)}, two phases by ` +
      `${pct(change.misfit)}); from epoch ${change.epoch}: ${
        change.late?.model ?? "too few epochs"
      }`;
  } else if (!(misfit <= tolerance)) {
    reason = `no model fits: the best (${best}) misses by ${pct(misfit)} beyond the noise > ` +
      `${pct(tolerance)} (1% of the curve's ${extent.toFixed(2)} nats)`;
  } else if (!(separation >= DECAY_MIN_SEPARATION)) {
    reason = `${best} and ${runnerUp} fit alike: ${runnerUp} misses by ${
      separation.toFixed(2)
    }x ${best}'s ${pct(misfit)} (< ${DECAY_MIN_SEPARATION}x)`;
  } else if (!(evidence >= DECAY_MIN_EVIDENCE)) {
    reason = `${best} and ${runnerUp} fit alike within the noise (${pct(noise)}): ${runnerUp}'s ` +
      `extra squared misfit is ${evidence.toFixed(1)} noise variances (< ${DECAY_MIN_EVIDENCE})`;
  }
  const g = fits.geometric.params;
  return {
    model: reason === null ? best : "undetermined",
    best,
    runnerUp,
    separation: Number.isFinite(separation) ? separation : Number.MAX_VALUE,
    evidence: Number.isFinite(evidence) ? evidence : Number.MAX_VALUE,
    noise,
    reason,
    rho: best === "geometric" ? g.rho : null,
    lInf: best === "geometric" ? g.lInf : best === "power" ? fits.power.params.lInf : null,
    gapDecades: decades,
    change,
    window: [points.epoch[0]!, points.epoch[n - 1]!],
    points: n,
    fits,
  };
}

/**
 * Index of the last epoch of the resolved loss curve: the one before the first loss that is not
 * finite, not positive, or below the round-off floor L_0 (eps / 1e-4)^2 (see the module comment);
 * -1 for an empty series.
 *
 * @example
 * resolvedEnd([0.5, 1e-3, 1e-30, 1e-32]); // 1 (float64 values: floor 0.5 * 4.9e-24)
 */
export function resolvedEnd(loss: readonly number[]): number {
  const l0 = loss[0];
  if (l0 === undefined || !(l0 > 0) || !Number.isFinite(l0)) return -1;
  const eps = 2 * lossRoundoff(loss);
  const floor = l0 * (eps / 1e-4) ** 2;
  const stop = loss.findIndex((l) => !(l >= floor) || !Number.isFinite(l));
  return stop < 0 ? loss.length - 1 : stop - 1;
}
