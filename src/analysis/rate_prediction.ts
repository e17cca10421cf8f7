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
 * ratio against the reference L* the PL analysis chose (`rateLStar`). Two things are compared:
 * - whether the bound holds. Since q_t (L_t - L*) = L_t - L* - eta (1 - eta beta_t / 2)
 *   ||grad L_t||^2, L* cancels: the bound holds exactly where the step decreased the loss at least
 *   as much as the descent lemma says with beta_t, i.e. where the sharpness at theta_t bounded the
 *   curvature the step met. A run breaks it where the curvature along the step exceeds beta_t (the
 *   sharpness rising within the step, a probe that missed the top of the spectrum);
 * - whether mu_t and beta_t bracket the rate: a step that meets no curvature at all decreases
 *   the loss by exactly eta ||grad L_t||^2, the first-order rate p_t = 1 - 2 eta mu_t, so
 *   p_t <= m_t <= q_t says the curvature met along the step lay between 0 and beta_t, and the
 *   rate is what the PL ratio and the sharpness say to within the factor 1 / (1 - eta beta_t / 2)
 *   of their log-rates. A measured ratio below p_t means the step met negative curvature (the
 *   loss fell faster than its gradient explains); L* cancels from this test too;
 * - how tight the bound is: the measured over the predicted log-rate, which does depend on L*.
 *   Near the edge 1 - eta beta_t / 2 -> 0 and the prediction goes to no decrease at all.
 *
 * At each probe of the post-transient window with a next step, the measured one-step ratio
 * m_t = (L_{t+1} - L*) / (L_t - L*) (the next epoch's loss, or the probe's own `nextLoss` where an
 * epoch is several steps) is compared with q_t: the bound holds where m_t <= q_t up to the float32
 * rounding of the losses, and log(m_t) / log(q_t) says how much faster than predicted the loss
 * fell (1: as fast as predicted; > 1: faster). The comparison is made below the edge of
 * stability: where eta beta_t >= 2 the bound predicts nothing, and from the first probe at the
 * edge on (edge_of_stability.ts) the run oscillates about it, so those probes are counted apart.
 * Only full-batch gradient descent without momentum is compared (the theorem's setting): SGD's
 * per-epoch loss is no single step of a fixed loss.
 */
import type { Series } from "../report/schema.ts";
import { median } from "../util/stats.ts";
import { stepAfter } from "./edge_of_stability.ts";

/** Float32 unit roundoff: each stored loss is good to about this relative error. */
const FLOAT32_UNIT = 2 ** -24;

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
  /** m_t <= q_t within rounding (null without a prediction). */
  holds: boolean | null;
  /** p_t <= m_t <= q_t within rounding (null without a prediction). */
  bracketed: boolean | null;
  /** log(m_t) / log(q_t) where both lie in (0, 1), else null. */
  logRatio: number | null;
}

/** The summary fields of the comparison. */
export interface RatePrediction {
  /** The L* the gaps are taken against. */
  rateLStar: number | null;
  /** Probes compared (in the window, below the edge, with a positive gap). */
  rateProbes: number | null;
  /** Probes of the window at or past the edge (from the first crossing on): not compared. */
  rateProbesAboveEdge: number | null;
  /** Share of the compared probes where the measured ratio is within the predicted one. */
  rateBoundShare: number | null;
  /** Share where it is also no faster than the first-order rate 1 - 2 eta mu_t. */
  rateBracketShare: number | null;
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
  const out: RateProbe[] = [];
  hessian.epoch.forEach((epoch, k) => {
    if (window !== null && (epoch < window[0] || epoch > window[1])) return;
    const beta = hessian.sharpness[k];
    const i = series.epoch.indexOf(epoch);
    const eta = stepAfter(series, epoch);
    const next = hessian.nextLoss?.[k] ?? series.loss[i + 1];
    if (beta === null || beta === undefined || i < 0 || eta === null) return;
    if (next === null || next === undefined || !Number.isFinite(next)) return;
    const loss = series.loss[i]!;
    const gap = loss - lStar;
    if (!(gap > 0) || !Number.isFinite(gap)) return;
    const mu = series.gradNormSq[i]! / (2 * gap);
    const measured = (next - lStar) / gap;
    const predicted = eta * beta < 2 ? 1 - 2 * eta * mu * (1 - (eta * beta) / 2) : null;
    const firstOrder = 1 - 2 * eta * mu;
    const slack = (4 * FLOAT32_UNIT * (Math.abs(loss) + Math.abs(next))) / gap;
    const holds = predicted === null ? null : measured <= predicted + slack;
    out.push({
      epoch,
      mu,
      beta,
      eta,
      predicted,
      firstOrder,
      measured,
      holds,
      bracketed: holds === null ? null : holds && measured >= firstOrder - slack,
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
  return {
    rateLStar: o.lStar,
    rateProbes: judged.length,
    rateProbesAboveEdge: probes.length - judged.length,
    rateBoundShare: judged.length > 0
      ? judged.filter((p) => p.holds === true).length / judged.length
      : null,
    rateBracketShare: judged.length > 0
      ? judged.filter((p) => p.bracketed === true).length / judged.length
      : null,
    rateRatioMedian: ratios.length > 0 ? median(ratios) : null,
    rateRatioMin: ratios.length > 0 ? Math.min(...ratios) : null,
  };
}
