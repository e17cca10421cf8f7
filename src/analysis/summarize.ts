/**
 * Post-hoc analysis of one run: every field of the report's `summary`, null where a quantity is
 * undefined for the run, never NaN or Infinity.
 */
import type { RunConfig } from "../config/run_config.ts";
import type { NtkSeries, Series, Summary } from "../report/schema.ts";
import { gapSeries, plRatioSeries } from "./pl_ratio.ts";
import { contractionFit, loglogSlope as fitLogLog } from "./rate_fit.ts";
import { detectWindow, type EpochWindow, parseWindow } from "./stable_window.ts";
import { theoryCheck } from "./theory_check.ts";

function finite(x: number | null | undefined): number | null {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : null;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

function first(s: NtkSeries | undefined): number | null {
  return finite(s?.lambdaMin[0]);
}

function last(s: NtkSeries | undefined): number | null {
  return finite(s?.lambdaMin[s.lambdaMin.length - 1]);
}

/**
 * Summarises a run from its series:
 * - `lStar` = final training loss (terminal proxy), gap_t = L_t - L*, PL ratio_t =
 *   ||grad L_t||^2 / (2 gap_t) (null at the last epoch and where gap <= 0);
 * - `window` = the stable regime (config `window` "a:b" overrides, else `detectWindow`), on which
 *   `plMin`, `plMedian`, `contraction` = exp(slope of log gap vs epoch) with `r2`, and
 *   `loglogSlope` (log ||grad L||^2 vs log gap) are computed;
 * - NTK: `lambda0`, `lambdaT` (subset kernel lambda_min), `ntkDriftPct`, `fullLambda0/T`;
 * - the theory check (see theory_check.ts; `plBoundKernel` says which kernel the bound used);
 * - `etaOverEtaMax` = lr * lambda_max(K_0) / (2n) with the full kernel ("full"), else the subset
 *   estimate lr * lambda_max(K_S,0) / (2k) ("subset": lambda_max of a kernel Gram matrix grows
 *   in proportion to the number of inputs, so lambda_max(K_S) / k estimates lambda_max(K) / n);
 * - `secondsPerEpoch` from the cumulative `seconds` series.
 */
export function summarize(
  series: Series,
  config: RunConfig,
  opts: { trainSize: number | null },
): Summary {
  const count = series.epoch.length;
  const lastIndex = count - 1;
  const lStar = count > 0 ? finite(series.loss[lastIndex]) : null;
  const gap = lStar === null ? [] : gapSeries(series.loss, lStar);
  const pl = lStar === null ? [] : plRatioSeries(series.gradNormSq, gap);

  let window: EpochWindow | null = null;
  let windowSource: Summary["windowSource"] = null;
  const lastEpoch = count > 0 ? series.epoch[lastIndex]! : 0;
  const override = typeof config.window === "string" ? parseWindow(config.window, lastEpoch) : null;
  let indices: [number, number] | null = null;
  if (override !== null) {
    const a = series.epoch.findIndex((e) => e >= override[0]);
    const b = series.epoch.findLastIndex((e) => e <= override[1]);
    if (a >= 0 && b >= a) {
      indices = [a, b];
      window = override;
      windowSource = "override";
    }
  } else if (lStar !== null) {
    indices = detectWindow(gap);
    if (indices !== null) {
      window = [series.epoch[indices[0]]!, series.epoch[indices[1]]!];
      windowSource = "auto";
    }
  }

  let plMin: number | null = null;
  let plMedian: number | null = null;
  let contraction: number | null = null;
  let r2: number | null = null;
  let loglogSlope: number | null = null;
  if (indices !== null && lStar !== null) {
    const [a, b] = indices;
    const ratios = pl.slice(a, b + 1).filter((v): v is number => v !== null && Number.isFinite(v));
    plMin = ratios.length > 0 ? Math.min(...ratios) : null;
    plMedian = median(ratios);
    const windowGap = gap.slice(a, b + 1);
    const rate = contractionFit(series.epoch.slice(a, b + 1), windowGap);
    contraction = finite(rate?.contraction);
    r2 = finite(rate?.r2);
    loglogSlope = finite(fitLogLog(windowGap, series.gradNormSq.slice(a, b + 1)));
  }

  const ntk = series.ntk;
  const full = series.fullNtk;
  const lambda0 = first(ntk);
  const lambdaT = last(ntk);
  const ntkDriftPct = lambda0 !== null && lambdaT !== null && lambda0 > 0
    ? finite((Math.abs(lambdaT - lambda0) / lambda0) * 100)
    : null;
  const useFull = full !== undefined && full.lambdaMin.length > 0;
  const theory = theoryCheck(
    useFull ? full : ntk,
    useFull ? "full" : "subset",
    series.drift,
    opts.trainSize,
  );

  let etaOverEtaMax: number | null = null;
  let etaMaxSource: Summary["etaMaxSource"] = null;
  const fullMax = finite(full?.lambdaMax[0]);
  const subsetMax = finite(ntk?.lambdaMax[0]);
  if (fullMax !== null && opts.trainSize !== null && opts.trainSize > 0) {
    etaOverEtaMax = finite((config.lr * fullMax) / (2 * opts.trainSize));
    etaMaxSource = "full";
  } else if (subsetMax !== null && ntk !== undefined && ntk.k > 0) {
    etaOverEtaMax = finite((config.lr * subsetMax) / (2 * ntk.k));
    etaMaxSource = "subset";
  }

  const span = count > 1 ? series.epoch[lastIndex]! - series.epoch[0]! : 0;
  const secondsPerEpoch = span > 0
    ? finite((series.seconds[lastIndex]! - series.seconds[0]!) / span)
    : null;

  return {
    lStar,
    window,
    windowSource,
    plMin: finite(plMin),
    plMedian: finite(plMedian),
    contraction,
    r2,
    loglogSlope,
    lambda0,
    lambdaT,
    ntkDriftPct,
    fullLambda0: first(full),
    fullLambdaT: last(full),
    finalDrift: count > 0 ? finite(series.drift[lastIndex]) : null,
    finalLoss: lStar,
    lipschitzK: finite(theory.lipschitzK),
    radius: finite(theory.radius),
    compatible: theory.compatible,
    plBound: finite(theory.plBound),
    plBoundKernel: theory.plBoundKernel,
    etaOverEtaMax,
    etaMaxSource,
    secondsPerEpoch,
  };
}
