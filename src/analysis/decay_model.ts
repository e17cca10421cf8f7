/**
 * Decay-model selection: which of geometric, power-law and linear decay (decay_fit.ts, each with
 * its limit L_inf free) describes a loss curve, and whether the answer is clear enough to state.
 *
 * Criterion: BIC = n ln(RSS / n) + k ln n over the n fitted epochs (k = 3, 4, 2 parameters; the
 * noise variance, common to all three, is left out). BIC rather than AICc because the question is
 * which family generated the curve, not which predicts best: BIC is consistent (it picks the true
 * family as the points grow), while AICc's penalty of about 2 per parameter lets the 4-parameter
 * power law win on noise alone about one time in six. RSS is floored at n (1e-6)^2, the relative
 * precision of a float32 loss summed over a training set, so fits closer than that tie and the
 * simpler model wins.
 *
 * Verdict: the lowest-BIC model, when
 * 1. it describes the curve: its residuals leave at most 10% of the variance of ln L over the
 *    window unexplained (`explained` >= 0.9; relative residuals are residuals of ln L to first
 *    order). A curve no model follows (a loss that rises again, a flat noisy one) has no verdict;
 *    a transient of a few epochs inside a decay over decades does not count against it;
 * 2. it beats the runner-up by a clear margin, BIC difference >= 6: "strong" evidence on Kass and
 *    Raftery's scale, a posterior probability >= 95% against the runner-up under equal prior odds
 *    (exp(-6/2) = 0.05). On the test curves with 1% multiplicative noise the right model wins by
 *    13 to 1260, and the wrong ones never come within 6;
 * 3. for geometric, the fitted gap shows >= `minDecades` decades over the window (config
 *    `minDecades`, default 1): a stretch shorter than a decade cannot tell a geometric decay from
 *    anything else that bends the same way.
 * Otherwise the verdict is `undetermined` and `reason` says which condition failed.
 *
 * Points: the post-transient run ends at the last epoch whose loss the arithmetic resolves
 * (`resolvedEnd`). A squared loss computed from residuals of initial size sqrt(2 L_0) in a format
 * with unit roundoff eps carries a relative error of about 2 eps sqrt(L_0 / L); below
 * L_0 (eps / 1e-4)^2 that passes 2e-4 and the curve is round-off, not decay (float64 toys reach
 * 1e-32 and jitter there). The format is read from the values: float32 when every loss is a
 * float32 number (tfjs runs), else float64.
 */
import type { Decay, DecayModel, DecayVerdict } from "../report/schema.ts";
import { type DecayPoints, fitGeometric, fitLinear, fitPower, type RawFit } from "./decay_fit.ts";

/** BIC margin the best model needs over the runner-up. */
export const DECAY_IC_MARGIN = 6;
/** Smallest fraction of the variance of ln L the best model must explain. */
export const DECAY_MIN_EXPLAINED = 0.9;
/** Relative residual below which fits are not told apart. */
export const DECAY_RESIDUAL_FLOOR = 1e-6;
/** Fewest epochs a selection is made on. */
export const DECAY_MIN_POINTS = 8;
/** Default of the config key `minDecades`. */
export const DEFAULT_MIN_DECADES = 1;

const PARAMETERS: Record<DecayModel, number> = { geometric: 3, power: 4, linear: 2 };

function bic(rss: number, n: number, k: number): number {
  const floor = n * DECAY_RESIDUAL_FLOOR * DECAY_RESIDUAL_FLOOR;
  return n * Math.log(Math.max(rss, floor) / n) + k * Math.log(n);
}

function withIc<P>(fit: RawFit<P>, n: number, model: DecayModel) {
  return { ...fit, rms: Math.sqrt(fit.rss / n), ic: bic(fit.rss, n, PARAMETERS[model]) };
}

function positiveLog10Ratio(a: number, b: number): number | null {
  return a > 0 && b > 0 && Number.isFinite(a / b) ? Math.log10(a / b) : null;
}

/**
 * Selects the decay model of `points` (at least DECAY_MIN_POINTS epochs with positive losses);
 * null when there are fewer. See the module comment for the rule.
 *
 * @example
 * const epoch = Array.from({ length: 101 }, (_, t) => t);
 * selectDecay({ epoch, loss: epoch.map((t) => 0.5 * 0.95 ** t) }).model; // "geometric"
 */
export function selectDecay(points: DecayPoints, minDecades = DEFAULT_MIN_DECADES): Decay | null {
  const n = points.epoch.length;
  if (n < DECAY_MIN_POINTS) return null;
  const fits = {
    geometric: withIc(fitGeometric(points), n, "geometric"),
    power: withIc(fitPower(points), n, "power"),
    linear: withIc(fitLinear(points), n, "linear"),
  };
  const order = (Object.keys(fits) as DecayModel[]).sort((a, b) => fits[a].ic - fits[b].ic);
  const [best, second] = order as [DecayModel, DecayModel];
  const icMargin = fits[second].ic - fits[best].ic;
  const span = points.epoch[n - 1]! - points.epoch[0]!;
  const g = fits.geometric.params;
  const p = fits.power.params;
  const l = fits.linear.params;
  const gapDecades = best === "geometric"
    ? (g.c > 0 ? -span * Math.log10(g.rho) : null)
    : best === "power"
    ? (p.c > 0 ? p.p * Math.log10(1 + span / p.t0) : null)
    : positiveLog10Ratio(l.a, l.a - l.b * span);
  const logs = points.loss.map(Math.log);
  const mean = logs.reduce((sum, y) => sum + y, 0) / n;
  const spread = logs.reduce((sum, y) => sum + (y - mean) ** 2, 0);
  const explained = spread > 0 ? Math.max(0, 1 - fits[best].rss / spread) : 0;
  let reason: string | null = null;
  if (!(explained >= DECAY_MIN_EXPLAINED)) {
    reason = `no model fits: the best (${best}) explains ${
      (100 * explained).toFixed(0)
    }% of the variance of ln L < ${100 * DECAY_MIN_EXPLAINED}%`;
  } else if (!(icMargin >= DECAY_IC_MARGIN)) {
    reason = `${best} beats ${second} by ${icMargin.toFixed(1)} BIC < ${DECAY_IC_MARGIN}`;
  } else if (best === "geometric" && !(gapDecades !== null && gapDecades >= minDecades)) {
    reason = `geometric over ${gapDecades?.toFixed(2) ?? "no"} decades of gap < ${minDecades}`;
  }
  const model: DecayVerdict = reason === null ? best : "undetermined";
  return {
    model,
    best,
    icMargin,
    explained,
    reason,
    rho: best === "geometric" ? g.rho : null,
    lInf: best === "geometric" ? g.lInf : best === "power" ? p.lInf : null,
    gapDecades,
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
  const float32 = loss.every((l) => Math.fround(l) === l || !Number.isFinite(l));
  const eps = float32 ? 1.2e-7 : Number.EPSILON;
  const floor = l0 * (eps / 1e-4) ** 2;
  const stop = loss.findIndex((l) => !(l >= floor) || !Number.isFinite(l));
  return stop < 0 ? loss.length - 1 : stop - 1;
}
