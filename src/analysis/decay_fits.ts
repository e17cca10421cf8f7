/**
 * The three decay models fitted to one window and read against the curve's noise: for each, its
 * systematic misfit (the part of its relative residuals the noise does not explain) and how many
 * decades its own quantity declines over the window, resolved above the noise. The selection
 * (decay_model.ts) and the regime-change test (regime_change.ts) compare these.
 */
import type {
  DecayFit,
  DecayModel,
  GeometricParams,
  LinearParams,
  PowerParams,
} from "../report/schema.ts";
import { type DecayPoints, fitGeometric, fitLinear, fitPower, type RawFit } from "./decay_fit.ts";

/**
 * How far above the smallest loss the fitted limit may sit, in noise units: a noisy curve's lowest
 * value lies below the smooth curve by about sqrt(2 ln n) noise units (3.7 at n = 1000), so the
 * limit is allowed up to min L (1 + 4 noise).
 */
export const LIMIT_NOISE_ALLOWANCE = 4;
/** The end of a decline is read no lower than this many noise units of the last loss. */
export const RESOLUTION_NOISE_UNITS = 2;
/**
 * Largest systematic misfit of a model that describes a curve, as a share of the window's
 * extent ln(max L / min L) in nats (at least 1); see decay_model.ts for why.
 */
export const DECAY_MAX_MISFIT = 0.01;

/** The largest misfit of a model that describes the positive losses `loss`. */
export function misfitTolerance(loss: readonly number[]): number {
  const extent = Math.log(Math.max(...loss) / Math.min(...loss));
  return DECAY_MAX_MISFIT * Math.max(1, extent);
}

/** The three fits of one window. */
export interface DecayFits {
  geometric: DecayFit<GeometricParams>;
  power: DecayFit<PowerParams>;
  linear: DecayFit<LinearParams>;
}

/** Every model, in the order ties are broken (the simpler first). */
export const DECAY_MODELS: readonly DecayModel[] = ["linear", "geometric", "power"];

function decadesBetween(start: number, end: number, floor: number): number | null {
  if (!(start > 0) || !Number.isFinite(start)) return null;
  const d = Math.log10(start / Math.max(end, floor));
  return Number.isFinite(d) ? Math.max(0, d) : null;
}

/**
 * How much of the noise variance may be mistaken: the noise scale is estimated from the curve, to
 * a relative error of about sqrt(2 / n) in its square, so 3 such errors of squared residual are
 * not counted as misfit (a model that fits to within the noise is not penalised for an estimate
 * of the noise that came out low).
 */
export function noiseAllowance(noise: number, n: number): number {
  return noise * noise * (1 + 3 * Math.sqrt(2 / n));
}

function finish<P>(
  fit: RawFit<P>,
  n: number,
  noise: number,
  decades: number | null,
): DecayFit<P> {
  const rms = Math.sqrt(fit.rss / n);
  const misfit = Math.sqrt(Math.max(0, rms * rms - noiseAllowance(noise, n)));
  return { ...fit, rms, misfit, decades };
}

/**
 * Fits the three models to `points` (at least 2 epochs, positive finite losses) with the curve's
 * relative noise `noise` (noise_scale.ts): the limit bounded by min L (1 + 4 noise), each fit's
 * misfit beyond the noise and its resolved decades of decline.
 *
 * @example
 * const epoch = [0, 1, 2, 3, 4, 5, 6, 7];
 * fitDecayModels({ epoch, loss: epoch.map((t) => 0.9 ** t) }, 1e-16).geometric.misfit; // ~0
 */
export function fitDecayModels(points: DecayPoints, noise: number): DecayFits {
  const n = points.epoch.length;
  const lossMin = Math.min(...points.loss);
  const options = { lInfMax: lossMin * (1 + LIMIT_NOISE_ALLOWANCE * noise) };
  const span = points.epoch[n - 1]! - points.epoch[0]!;
  const floor = RESOLUTION_NOISE_UNITS * noise * points.loss[n - 1]!;
  const g = fitGeometric(points, options);
  const p = fitPower(points, options);
  const l = fitLinear(points);
  const gp = g.params;
  const pp = p.params;
  const lp = l.params;
  return {
    geometric: finish(g, n, noise, decadesBetween(gp.c, gp.c * gp.rho ** span, floor)),
    power: finish(p, n, noise, decadesBetween(pp.c, pp.c * (1 + span / pp.t0) ** -pp.p, floor)),
    linear: finish(l, n, noise, lp.b > 0 ? decadesBetween(lp.a, lp.a - lp.b * span, floor) : null),
  };
}

/** The models ordered by residual sum of squares, smallest first (ties: the simpler first). */
export function byFit(fits: DecayFits): DecayModel[] {
  return [...DECAY_MODELS].sort((a, b) => fits[a].rss - fits[b].rss);
}

/**
 * The decay rate -d ln(gap)/dt of a model's quantity `u` epochs into its window (for linear, of
 * the loss itself); null where it does not decline there.
 */
export function localRate(fits: DecayFits, model: DecayModel, u: number): number | null {
  if (model === "geometric") {
    const rho = fits.geometric.params.rho;
    return rho > 0 && rho < 1 ? -Math.log(rho) : null;
  }
  if (model === "power") {
    const { p, t0 } = fits.power.params;
    return p / (t0 + u);
  }
  const { a, b } = fits.linear.params;
  const level = a - b * u;
  return b > 0 && level > 0 ? b / level : null;
}
