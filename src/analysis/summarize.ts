/**
 * Post-hoc analysis of one run: every field of the report's `summary` (documented field by field
 * in src/report/schema.ts), null where a quantity is undefined for the run, never NaN or Infinity.
 * A pure function of the series, the config and the training-set size, so a stored report can be
 * summarised again.
 */
import type { RunConfig } from "../config/run_config.ts";
import type { NtkSeries, Series, Summary } from "../report/schema.ts";
import { resolvedEnd, selectDecay } from "./decay_model.ts";
import {
  kernelShiftRatio,
  lambdaMinFloor,
  lambdaMinResolved,
  ntkConsistency,
} from "./kernel_checks.ts";
import { gapSeries, plRatioSeries } from "./pl_ratio.ts";
import { plReferences } from "./pl_references.ts";
import { plAlongRun, plReference } from "./pl_along_run.ts";
import { postTransient } from "./post_transient.ts";
import { contractionFit, loglogSlope as fitLogLog } from "./rate_fit.ts";
import { etaOverEtaMax, minDecadesOf, momentumOf, outputScaleOf } from "./run_scales.ts";
import { detectWindow, type EpochWindow, parseWindow } from "./stable_window.ts";
import { median } from "../util/stats.ts";
import { theoryCheck } from "./theory_check.ts";

function finite(x: number | null | undefined): number | null {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : null;
}

function first(s: NtkSeries | undefined): number | null {
  return finite(s?.lambdaMin[0]);
}

function last(s: NtkSeries | undefined): number | null {
  return finite(s?.lambdaMin[s.lambdaMin.length - 1]);
}

/**
 * The stable window as epoch indices, from the config's override or detected on the gap up to the
 * last resolved epoch `end` (past it the loss is round-off, not decay).
 */
function stableWindow(
  series: Series,
  config: RunConfig,
  gap: number[],
  end: number,
): {
  indices: [number, number] | null;
  window: EpochWindow | null;
  source: Summary["windowSource"];
} {
  const count = series.epoch.length;
  const lastEpoch = count > 0 ? series.epoch[count - 1]! : 0;
  const override = typeof config.window === "string" ? parseWindow(config.window, lastEpoch) : null;
  if (override !== null) {
    const a = series.epoch.findIndex((e) => e >= override[0]);
    const b = series.epoch.findLastIndex((e) => e <= override[1]);
    return a >= 0 && b >= a
      ? { indices: [a, b], window: override, source: "override" }
      : { indices: null, window: null, source: null };
  }
  const indices = end > 0 ? detectWindow(gap.slice(0, end + 1)) : null;
  return indices === null ? { indices: null, window: null, source: null } : {
    indices,
    window: [series.epoch[indices[0]]!, series.epoch[indices[1]]!],
    source: "auto",
  };
}

/** Epochs and losses of series indices [a, b] whose loss is positive and finite. */
function decayPoints(series: Series, [a, b]: [number, number]) {
  const epoch: number[] = [];
  const loss: number[] = [];
  for (let i = a; i <= b; i++) {
    const l = series.loss[i]!;
    if (l > 0 && Number.isFinite(l)) {
      epoch.push(series.epoch[i]!);
      loss.push(l);
    }
  }
  return { epoch, loss };
}

/**
 * Summarises a run from its series (see src/report/schema.ts for every field):
 * - terminal proxy `lStar` = final loss; the stable `window` (config `window` "a:b" overrides,
 *   else `detectWindow` on the proxy gap of the resolved epochs, see decay_model.ts'
 *   `resolvedEnd`) with `plMin`, `plMedian`, `contraction`, `r2`, `loglogSlope` on it, as in
 *   the paper;
 * - `decay`: decay-model selection (decay_model.ts) on the post-transient run
 *   (post_transient.ts: after the first 10% of the epochs, to the last resolved one);
 *   `decayWindow`: the same on the stable window;
 * - the PL verdict along the post-transient run (pl_along_run.ts), against L* = 0 when the model
 *   can interpolate (`opts.params` >= trainSize x `opts.outputs`), else the decay fit's floor;
 *   and the PL references (pl_references.ts) on the same epochs;
 * - kernel checks (kernel_checks.ts), the theory check (theory_check.ts) and lr / eta_max
 *   (run_scales.ts), normalised by the output scale alpha and momentum beta of the config;
 * - `secondsPerEpoch` from the cumulative `seconds` series.
 */
export function summarize(
  series: Series,
  config: RunConfig,
  opts: { trainSize: number | null; params?: number | null; outputs?: number },
): Summary {
  const count = series.epoch.length;
  const lastIndex = count - 1;
  const lStar = count > 0 ? finite(series.loss[lastIndex]) : null;
  const gap = lStar === null ? [] : gapSeries(series.loss, lStar);
  const pl = lStar === null ? [] : plRatioSeries(series.gradNormSq, gap);
  const end = resolvedEnd(series.loss);
  const { indices, window, source } = stableWindow(series, config, gap, end);

  let plMin: number | null = null;
  let plMedian: number | null = null;
  let contraction: number | null = null;
  let r2: number | null = null;
  let loglogSlope: number | null = null;
  if (indices !== null && lStar !== null) {
    const [a, b] = indices;
    const ratios = pl.slice(a, b + 1).filter((v): v is number => v !== null && Number.isFinite(v));
    plMin = ratios.length > 0 ? Math.min(...ratios) : null;
    plMedian = ratios.length > 0 ? median(ratios) : null;
    const windowGap = gap.slice(a, b + 1);
    const rate = contractionFit(series.epoch.slice(a, b + 1), windowGap);
    contraction = finite(rate?.contraction);
    r2 = finite(rate?.r2);
    loglogSlope = finite(fitLogLog(windowGap, series.gradNormSq.slice(a, b + 1)));
  }

  const minDecades = minDecadesOf(config);
  const run = postTransient(series.epoch, series.loss);
  const decay = run === null ? null : selectDecay(decayPoints(series, run), minDecades);
  const decayWindow = indices === null
    ? null
    : selectDecay(decayPoints(series, [indices[0], Math.min(indices[1], end)]), minDecades);
  const references = plReferences(
    series.gradNormSq,
    series.loss,
    run,
    decay?.lInf ?? null,
    finite(plMin),
  );
  const targets = opts.trainSize === null ? null : opts.trainSize * (opts.outputs ?? 1);
  const lowest = run === null ? 0 : Math.min(...series.loss.slice(run[0], run[1] + 1));
  const ref = plReference({
    params: opts.params ?? null,
    targets,
    fitted: decay?.lInf ?? null,
    lowest,
  });
  const along = plAlongRun(series, run, ref, minDecades);

  const alpha = outputScaleOf(config);
  const beta = momentumOf(config);
  const ntk = series.ntk;
  const full = series.fullNtk;
  const lambda0 = first(ntk);
  const lambdaT = last(ntk);
  const ntkDriftPct = lambda0 !== null && lambdaT !== null && lambda0 > 0
    ? finite(((lambdaT - lambda0) / lambda0) * 100)
    : null;
  const useFull = full !== undefined && full.lambdaMin.length > 0;
  const n = opts.trainSize ?? (useFull ? full.k : null);
  const theory = theoryCheck(
    useFull ? full : ntk,
    useFull ? "full" : "subset",
    series.drift,
    n,
    alpha,
  );
  const subsetFloor = lambdaMinFloor(ntk);
  const fullFloor = lambdaMinFloor(full);
  const consistency = ntkConsistency(useFull ? full : undefined, series, alpha);

  let eta: number | null = null;
  let etaMaxSource: Summary["etaMaxSource"] = null;
  const fullMax = finite(full?.lambdaMax[0]);
  const subsetMax = finite(ntk?.lambdaMax[0]);
  const scales = { lr: config.lr, alpha, beta };
  if (fullMax !== null && n !== null && n > 0) {
    eta = finite(etaOverEtaMax({ ...scales, lambdaMax: fullMax, n }));
    etaMaxSource = "full";
  } else if (subsetMax !== null && ntk !== undefined && ntk.k > 0) {
    eta = finite(etaOverEtaMax({ ...scales, lambdaMax: subsetMax, n: ntk.k }));
    etaMaxSource = "subset";
  }

  const span = count > 1 ? series.epoch[lastIndex]! - series.epoch[0]! : 0;
  const secondsPerEpoch = span > 0
    ? finite((series.seconds[lastIndex]! - series.seconds[0]!) / span)
    : null;

  return {
    lStar,
    window,
    windowSource: source,
    decay,
    decayWindow,
    plVerdict: along?.verdict ?? null,
    plReason: along?.reason ?? null,
    plReference: along?.reference ?? null,
    plLStar: finite(along?.lStar),
    plWindow: along?.window ?? null,
    plDecades: finite(along?.decades),
    plEarly: finite(along?.early),
    plLate: finite(along?.late),
    plFall: finite(along?.fall),
    plEnvelope: finite(along?.envelope),
    plDip: finite(along?.dip),
    plMin: finite(plMin),
    plMedian: finite(plMedian),
    ...references,
    contraction,
    r2,
    loglogSlope,
    lambda0,
    lambdaT,
    ntkDriftPct,
    fullLambda0: first(full),
    fullLambdaT: last(full),
    lambdaMinFloor: finite(subsetFloor.floor),
    lambdaMinRatio: finite(subsetFloor.ratio),
    fullLambdaMinFloor: finite(fullFloor.floor),
    fullLambdaMinRatio: finite(fullFloor.ratio),
    lambdaMinResolved: lambdaMinResolved(ntk),
    kernelShiftRatio: finite(kernelShiftRatio(ntk)),
    fullLambdaMinResolved: lambdaMinResolved(full),
    ntkViolation: finite(consistency.violation),
    ntkSuspect: consistency.suspect,
    finalDrift: count > 0 ? finite(series.drift[lastIndex]) : null,
    finalLoss: lStar,
    lipschitzK: finite(theory.lipschitzK),
    radius: finite(theory.radius),
    plBound: finite(theory.plBound),
    plBoundKernel: theory.plBoundKernel,
    weylVacuous: theory.weylVacuous,
    etaOverEtaMax: eta,
    etaMaxSource,
    secondsPerEpoch,
  };
}
