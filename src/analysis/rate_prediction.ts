/**
 * The rate local PL theory predicts, beside the rate measured. For gradient descent with step eta
 * on a loss with smoothness beta along the step, the descent lemma gives
 *
 *   L_{t+1} <= L_t - eta (1 - eta beta / 2) ||grad L_t||^2,
 *
 * and with the PL ratio mu_t = ||grad L_t||^2 / (2 (L_t - L*)) this is, step by step,
 *
 *   (L_{t+1} - L*) / (L_t - L*) <= q_t = 1 - 2 eta mu_t (1 - eta beta_t / 2),   for eta beta_t < 2,
 *
 * Theorem 5.7 of paper 004 iterated, and at eta = 1/beta the blog's (1 - mu/beta) (seed 003). Here
 * beta_t is the sharpness lambda_max(H(theta_t)) at the probe (series.hessian) and mu_t the PL
 * ratio against the reference L* the PL analysis chose (`rateLStar`).
 *
 * What a step did is one number, the curvature it met in units of the sharpness:
 *
 *   kappa_t = 2 (eta ||grad L_t||^2 - (L_t - L_{t+1})) / (eta^2 ||grad L_t||^2 beta_t),
 *
 * so that m_t = (L_{t+1} - L*) / (L_t - L*) = 1 - 2 eta mu_t (1 - eta beta_t kappa_t / 2) exactly
 * (a quadratic along the step with curvature kappa_t beta_t). kappa_t = 1 is the bound q_t, and
 * kappa_t = 0 the first-order rate p_t = 1 - 2 eta mu_t of a step that meets no curvature. So:
 * - the bound holds where kappa_t <= 1: the sharpness at theta_t bounded the curvature the step
 *   met. L* cancels from this test (q_t (L_t - L*) = L_t - L* - eta (1 - eta beta_t / 2)
 *   ||grad L_t||^2). A run breaks it where the curvature along the step exceeds beta_t (the
 *   sharpness rising within the step, a probe that missed the top of the spectrum);
 * - mu_t and beta_t bracket the rate where also kappa_t >= -KAPPA_FLOOR: the rate is then p_t to
 *   q_t, the first-order rate corrected by at most the sharpness. The floor is below 0 because
 *   the Hessian's residual term (1/n) sum_i r_i Hess f_i is indefinite: late in a run the gradient
 *   lies where the Gauss-Newton part barely curves and a step meets slightly negative curvature
 *   (measured: kappa about -0.01 at w = 16, n = 128). A step far below the floor fell faster than
 *   its gradient and sharpness explain (negative curvature, a saddle's escape);
 * - the measured over the predicted log-rate, log(m_t) / log(q_t), says how tight the bound is; it
 *   depends on L*. Near the edge 1 - eta beta_t / 2 -> 0 and the prediction goes to no decrease.
 *
 * The sharpness is taken at theta_t and moves along the step, so the bound is read as kappa_t <=
 * 1 + KAPPA_TOL. Each test also allows the rounding of the two losses: a loss built from
 * residuals r = f - y carries an absolute error of about eps (L + 2 sqrt(L_0 L)) (eps of float32
 * or float64, as the stored values are), and a probe whose kappa_t that error leaves uncertain by
 * more than MAX_KAPPA_ERROR is not compared (a toy's loss at its float64 floor). Probes are
 * compared on the
 * post-transient window, below the edge of stability: where eta beta_t >= 2 the bound predicts
 * nothing, and from the first probe at the edge on (edge_of_stability.ts) the run oscillates
 * about it, so those probes are counted apart. The next loss is the next epoch's, or the probe's
 * own `nextLoss` where an epoch is several steps. Only full-batch gradient descent without
 * momentum is compared (the theorem's setting): SGD's per-epoch loss is no step of a fixed loss.
 */
import type { Series } from "../report/schema.ts";
import { median } from "../util/stats.ts";
import { stepAfter } from "./edge_of_stability.ts";

/** Machine epsilon of float32 (the training backends) and float64 (the toys). */
const FLOAT32_EPS = 2 ** -23;

/**
 * How far above 1 the curvature a step met may lie, in units of the sharpness at its start, for
 * the bound to hold: 1%, five times the most measured where the aw problem's steps run along its
 * top eigenvector (kappa 1.002: the sharpness grows along the step), against the 2 of a probe that
 * sees half the top of the spectrum.
 */
export const KAPPA_TOL = 0.01;

/** Largest rounding uncertainty of kappa_t at which a probe is still compared. */
export const MAX_KAPPA_ERROR = 0.1;

/**
 * How negative the curvature a step meets may be, in units of the sharpness, for mu_t and beta_t
 * to still bracket its rate: 5%, five times the -1% measured late in a tiny run (see above).
 */
export const KAPPA_FLOOR = 0.05;

/** One probe of the comparison. */
export interface RateProbe {
  epoch: number;
  /** PL ratio against L*, sharpness, step. */
  mu: number;
  beta: number;
  eta: number;
  /** q_t, or null where eta beta_t >= 2 (no prediction). */
  predicted: number | null;
  /** p_t = 1 - 2 eta mu_t: the rate of a step that meets no curvature. */
  firstOrder: number;
  /** m_t (may be <= 0 where the loss fell below L*). */
  measured: number;
  /** kappa_t: the curvature the step met over beta_t. */
  curvature: number;
  /** kappa_t <= 1 + KAPPA_TOL within rounding: m_t <= q_t (null without a prediction). */
  holds: boolean | null;
  /** -KAPPA_FLOOR <= kappa_t <= 1 + KAPPA_TOL within rounding (null without a prediction). */
  bracketed: boolean | null;
  /** log(m_t) / log(q_t) where both lie in (0, 1), else null. */
  logRatio: number | null;
}

/** The summary fields of the comparison. */
export interface RatePrediction {
  /** The L* the gaps are taken against. */
  rateLStar: number | null;
  /**
   * Probes compared (in the window, below the edge, with a positive gap and gradient, kappa_t
   * resolved by the arithmetic).
   */
  rateProbes: number | null;
  /** Probes of the window at or past the edge (from the first crossing on): not compared. */
  rateProbesAboveEdge: number | null;
  /** Share of the compared probes where the bound holds (kappa_t <= 1). */
  rateBoundShare: number | null;
  /** Share where mu_t and beta_t bracket the rate (-KAPPA_FLOOR <= kappa_t <= 1). */
  rateBracketShare: number | null;
  /** Median curvature met over the sharpness, kappa_t. */
  rateCurvatureMedian: number | null;
  /** Median and lowest log(m_t) / log(q_t): measured over predicted log-rate. */
  rateRatioMedian: number | null;
  rateRatioMin: number | null;
}

/** Every field null: no comparison for this run. */
export const NO_RATE_PREDICTION: RatePrediction = {
  rateLStar: null,
  rateProbes: null,
  rateProbesAboveEdge: null,
  rateBoundShare: null,
  rateBracketShare: null,
  rateCurvatureMedian: null,
  rateRatioMedian: null,
  rateRatioMin: null,
};

/**
 * The L* of the comparison: the reference the PL analysis chose (`plLStar` in the summary: 0
 * where the network can interpolate, else a fitted floor), else 0, the squared loss's minimum.
 */
export function rateLStar(summary: Record<string, unknown>): number {
  const chosen = summary.plLStar;
  return typeof chosen === "number" && Number.isFinite(chosen) ? chosen : 0;
}

/**
 * The per-probe comparison on the epochs `window` (inclusive; null: the whole run), for a
 * full-batch GD series with a sharpness series; [] for any other run.
 *
 * @example
 * rateProbes(series, 0, [74, 200]).filter((p) => p.holds === false).length;
 */
export function rateProbes(
  series: Series,
  lStar: number,
  window: [number, number] | null,
): RateProbe[] {
  const hessian = series.hessian;
  if (hessian === undefined || hessian.fixedBatch) return [];
  const float32 = series.loss.every((l) => Math.fround(l) === l || !Number.isFinite(l));
  const eps = float32 ? FLOAT32_EPS : Number.EPSILON;
  const l0 = Math.abs(series.loss[0] ?? 0);
  const rounding = (l: number) => eps * (Math.abs(l) + 2 * Math.sqrt(l0 * Math.abs(l)));
  const out: RateProbe[] = [];
  hessian.epoch.forEach((epoch, k) => {
    if (window !== null && (epoch < window[0] || epoch > window[1])) return;
    const beta = hessian.sharpness[k];
    const i = series.epoch.indexOf(epoch);
    const eta = stepAfter(series, epoch);
    const next = hessian.nextLoss?.[k] ?? series.loss[i + 1];
    if (beta === null || beta === undefined || !(beta > 0) || i < 0 || eta === null) return;
    if (next === null || next === undefined || !Number.isFinite(next)) return;
    const loss = series.loss[i]!;
    const gradSq = series.gradNormSq[i]!;
    const gap = loss - lStar;
    if (!(gap > 0) || !Number.isFinite(gap) || !(gradSq > 0)) return;
    const mu = gradSq / (2 * gap);
    const measured = (next - lStar) / gap;
    const scale = (eta * eta * gradSq * beta) / 2;
    const curvature = (eta * gradSq - (loss - next)) / scale;
    const slack = (rounding(loss) + rounding(next)) / scale;
    if (slack > MAX_KAPPA_ERROR) return;
    const predicted = eta * beta < 2 ? 1 - 2 * eta * mu * (1 - (eta * beta) / 2) : null;
    const holds = predicted === null ? null : curvature <= 1 + KAPPA_TOL + slack;
    out.push({
      epoch,
      mu,
      beta,
      eta,
      predicted,
      firstOrder: 1 - 2 * eta * mu,
      measured,
      curvature,
      holds,
      bracketed: holds === null ? null : holds && curvature >= -KAPPA_FLOOR - slack,
      logRatio: predicted !== null && predicted > 0 && predicted < 1 && measured > 0 &&
          measured < 1
        ? Math.log(measured) / Math.log(predicted)
        : null,
    });
  });
  return out;
}

/**
 * The summary of the comparison over the post-transient `window` with reference `lStar`, on the
 * probes before `edgeEpoch`; all null for runs the comparison does not apply to (no sharpness, a
 * fixed batch, momentum).
 */
export function ratePrediction(
  series: Series,
  o: {
    lStar: number;
    window: [number, number] | null;
    momentum: number;
    /** The first probe epoch at the edge (edge_of_stability.ts), null: none. */
    edgeEpoch: number | null;
  },
): RatePrediction {
  if (series.hessian === undefined || series.hessian.fixedBatch || o.momentum > 0) {
    return NO_RATE_PREDICTION;
  }
  const probes = rateProbes(series, o.lStar, o.window);
  const edge = o.edgeEpoch ?? Infinity;
  const judged = probes.filter((p) => p.holds !== null && p.epoch < edge);
  const ratios = judged.map((p) => p.logRatio).filter((r): r is number => r !== null);
  const share = (pick: (p: RateProbe) => boolean) =>
    judged.length > 0 ? judged.filter(pick).length / judged.length : null;
  return {
    rateLStar: o.lStar,
    rateProbes: judged.length,
    rateProbesAboveEdge: probes.length - judged.length,
    rateBoundShare: share((p) => p.holds === true),
    rateBracketShare: share((p) => p.bracketed === true),
    rateCurvatureMedian: judged.length > 0 ? median(judged.map((p) => p.curvature)) : null,
    rateRatioMedian: ratios.length > 0 ? median(ratios) : null,
    rateRatioMin: ratios.length > 0 ? Math.min(...ratios) : null,
  };
}
