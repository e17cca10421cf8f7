/**
 * The edge of stability along a run, from its sharpness series (series.hessian): at each probe the
 * step eta_t of the update that follows it against the edge 2 (1 + beta) / lambda_max(H_t)
 * (gradient descent: beta = 0; heavy ball with momentum beta), as the ratio
 *
 *   edge ratio_t = eta_t lambda_max(H_t) / (2 (1 + beta)),
 *
 * which is 1 on the edge: on a quadratic, GD along the top eigenvector diverges past it. Cohen et
 * al. (2021) observe that at a fixed step the sharpness rises (progressive sharpening) until the
 * ratio reaches 1 and then hovers there (the edge of stability). Reported: the sharpness at the
 * first and last probe and its maximum, the ratio at those points, the first probe epoch at or
 * past the edge, whether the sharpness rose by more than SHARPENING_FACTOR before it (or over the
 * run, without a crossing), and the ratio's median and range over the probes from the crossing on.
 *
 * Beside it, the Gauss-Newton estimate lambda_max(K) / (n alpha^2) that `etaOverEtaMax` uses:
 * H = G + (1/n) sum_i r_i Hess f_i, and the ratio lambda_max(H) / lambda_max(G) at the first and
 * last probe whose epoch has a kernel shows the residual term's share (1 at interpolation).
 */
import type { HessianSeries, NtkSeries, Series } from "../report/schema.ts";
import { median } from "../util/stats.ts";

/**
 * The rise of the sharpness, from its first probe, that counts as sharpening: 20%, two hundred
 * times Lanczos' residual tolerance (1e-3) and well beyond the moves of the early transient
 * (measured on the default run: 438.8, 437.9, 438.6, 440.1 at epochs 0-30, under 1%).
 */
export const SHARPENING_FACTOR = 1.2;

/** The summary fields of this analysis (null where a run has no sharpness series). */
export interface EdgeOfStability {
  sharpness0: number | null;
  sharpnessT: number | null;
  sharpnessMax: number | null;
  sharpnessMaxEpoch: number | null;
  edgeRatio0: number | null;
  edgeRatioT: number | null;
  edgeRatioMax: number | null;
  /** First probe epoch with edge ratio >= 1 (null: none). */
  edgeEpoch: number | null;
  /** max sharpness up to the crossing (the whole run without one) >= SHARPENING_FACTOR x the first. */
  sharpened: boolean | null;
  /** Median, lowest and highest edge ratio over the probes from the crossing on, and their count. */
  edgeRatioAfterMedian: number | null;
  edgeRatioAfterMin: number | null;
  edgeRatioAfterMax: number | null;
  probesAfterEdge: number | null;
  /** lambda_max(H) / (lambda_max(K) / (n alpha^2)) at the first and last probe with a kernel. */
  hessianOverGaussNewton0: number | null;
  hessianOverGaussNewtonT: number | null;
}

/** Every field null: a run without sharpness probes. */
export const NO_EDGE_OF_STABILITY: EdgeOfStability = {
  sharpness0: null,
  sharpnessT: null,
  sharpnessMax: null,
  sharpnessMaxEpoch: null,
  edgeRatio0: null,
  edgeRatioT: null,
  edgeRatioMax: null,
  edgeEpoch: null,
  sharpened: null,
  edgeRatioAfterMedian: null,
  edgeRatioAfterMin: null,
  edgeRatioAfterMax: null,
  probesAfterEdge: null,
  hessianOverGaussNewton0: null,
  hessianOverGaussNewtonT: null,
};

/**
 * The step of the update after the probe at `epoch`: the series' lr at the next epoch (an SGD
 * series records there the step its epoch used), else at the epoch itself; null if neither.
 */
export function stepAfter(series: Series, epoch: number): number | null {
  const i = series.epoch.indexOf(epoch);
  if (i < 0) return null;
  const lr = series.lr[i + 1] ?? series.lr[i];
  return lr !== undefined && Number.isFinite(lr) && lr > 0 ? lr : null;
}

/** One probe with a sharpness and a step: its epoch, lambda_max(H) and edge ratio. */
export interface EdgeProbe {
  epoch: number;
  sharpness: number;
  ratio: number;
}

/** The probes of `hessian` with a finite sharpness and a known step, with their edge ratios. */
export function edgeProbes(series: Series, hessian: HessianSeries, momentum: number): EdgeProbe[] {
  const out: EdgeProbe[] = [];
  hessian.epoch.forEach((epoch, k) => {
    const sharpness = hessian.sharpness[k];
    const eta = stepAfter(series, epoch);
    if (sharpness === null || sharpness === undefined || !Number.isFinite(sharpness)) return;
    if (eta === null) return;
    out.push({ epoch, sharpness, ratio: (eta * sharpness) / (2 * (1 + momentum)) });
  });
  return out;
}

/** lambda_max(K) / (n alpha^2) at `epoch` from the full kernel, else the probe subset's. */
function gaussNewtonAt(
  epoch: number,
  kernels: { full?: NtkSeries; subset?: NtkSeries; n: number | null },
  alpha: number,
): number | null {
  const full = kernels.full;
  const i = full?.epoch.indexOf(epoch) ?? -1;
  if (full !== undefined && i >= 0 && kernels.n !== null && kernels.n > 0) {
    const top = full.lambdaMax[i];
    if (top !== undefined && top !== null && top > 0) return top / (kernels.n * alpha * alpha);
  }
  const subset = kernels.subset;
  const j = subset?.epoch.indexOf(epoch) ?? -1;
  if (subset !== undefined && j >= 0 && subset.k > 0) {
    const top = subset.lambdaMax[j];
    if (top !== undefined && top !== null && top > 0) return top / (subset.k * alpha * alpha);
  }
  return null;
}

/**
 * The edge-of-stability fields of a run (see the module comment); `trainSize` is n, `alpha` the
 * output scale and `momentum` beta.
 *
 * @example
 * edgeOfStability(report.series, { trainSize: 2000, alpha: 1, momentum: 0 }).edgeEpoch;
 */
export function edgeOfStability(
  series: Series,
  o: { trainSize: number | null; alpha: number; momentum: number },
): EdgeOfStability {
  const hessian = series.hessian;
  if (hessian === undefined) return NO_EDGE_OF_STABILITY;
  const probes = edgeProbes(series, hessian, o.momentum);
  if (probes.length === 0) return NO_EDGE_OF_STABILITY;
  const first = probes[0]!;
  const last = probes[probes.length - 1]!;
  const top = probes.reduce((a, b) => (b.sharpness > a.sharpness ? b : a));
  const cross = probes.findIndex((p) => p.ratio >= 1);
  const before = cross < 0 ? probes : probes.slice(0, cross + 1);
  const riseMax = Math.max(...before.map((p) => p.sharpness));
  const after = cross < 0 ? [] : probes.slice(cross).map((p) => p.ratio);
  const kernels = { full: series.fullNtk, subset: series.ntk, n: o.trainSize };
  const withKernel = probes.filter((p) => gaussNewtonAt(p.epoch, kernels, o.alpha) !== null);
  const overGn = (p: EdgeProbe | undefined) => {
    if (p === undefined) return null;
    const gn = gaussNewtonAt(p.epoch, kernels, o.alpha)!;
    return p.sharpness / gn;
  };
  return {
    sharpness0: first.sharpness,
    sharpnessT: last.sharpness,
    sharpnessMax: top.sharpness,
    sharpnessMaxEpoch: top.epoch,
    edgeRatio0: first.ratio,
    edgeRatioT: last.ratio,
    edgeRatioMax: Math.max(...probes.map((p) => p.ratio)),
    edgeEpoch: cross < 0 ? null : probes[cross]!.epoch,
    sharpened: first.sharpness > 0 ? riseMax >= SHARPENING_FACTOR * first.sharpness : null,
    edgeRatioAfterMedian: after.length > 0 ? median(after) : null,
    edgeRatioAfterMin: after.length > 0 ? Math.min(...after) : null,
    edgeRatioAfterMax: after.length > 0 ? Math.max(...after) : null,
    probesAfterEdge: cross < 0 ? null : after.length,
    hessianOverGaussNewton0: overGn(withKernel[0]),
    hessianOverGaussNewtonT: withKernel.length > 1
      ? overGn(withKernel[withKernel.length - 1])
      : null,
  };
}
