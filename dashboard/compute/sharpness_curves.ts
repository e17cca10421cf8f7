/**
 * The curves of a run's sharpness and rate panels, from its report alone: lambda_max(H) at the
 * probes beside the edge 2 (1 + beta) / eta of the step that follows each probe and the
 * Gauss-Newton estimates lambda_max(K) / (n alpha^2) of the probe subset and the full kernel (the
 * gap between them is the Hessian's residual term); and, per probe, the per-step log-rates
 * -ln(m_t) measured, -ln(q_t) predicted by the descent lemma with the PL ratio and the sharpness,
 * and -ln(p_t) of a step that meets no curvature (src/analysis/rate_prediction.ts).
 */
import type { Report } from "../../src/report/schema.ts";
import { momentumOf, outputScaleOf } from "../../src/analysis/run_scales.ts";
import { stepAfter } from "../../src/analysis/edge_of_stability.ts";
import { rateLStar, rateProbes } from "../../src/analysis/rate_prediction.ts";
import type { Curve } from "./bands.ts";

/** The sharpness panel's curves (empty curves where the run lacks the quantity). */
export interface SharpnessCurves {
  sharpness: Curve;
  edge: Curve;
  gaussNewtonSubset: Curve;
  gaussNewtonFull: Curve;
}

/** lambda_max(H), the edge and the Gauss-Newton estimates of a run. */
export function sharpnessCurves(r: Report): SharpnessCurves {
  const h = r.series.hessian;
  const alpha = outputScaleOf(r.config);
  const beta = momentumOf(r.config);
  const epochs = h?.epoch ?? [];
  const gn = (kernel: typeof r.series.ntk, n: number | null): Curve => ({
    x: kernel?.epoch ?? [],
    y: (kernel?.lambdaMax ?? []).map((v) =>
      v === null || n === null || n <= 0 ? null : v / (n * alpha * alpha)
    ),
  });
  return {
    sharpness: { x: epochs, y: h?.sharpness ?? [] },
    edge: {
      x: epochs,
      y: epochs.map((e) => {
        const eta = stepAfter(r.series, e);
        return eta === null ? null : (2 * (1 + beta)) / eta;
      }),
    },
    gaussNewtonSubset: gn(r.series.ntk, r.series.ntk?.k ?? null),
    gaussNewtonFull: gn(r.series.fullNtk, r.trainSize),
  };
}

/** The rate panel's curves: per-step log-rates at the probes (null where undefined). */
export interface RateCurves {
  measured: Curve;
  predicted: Curve;
  firstOrder: Curve;
  /** The L* the rates are taken against. */
  lStar: number;
}

function logRate(v: number | null): number | null {
  return v !== null && v > 0 && v < 1 ? -Math.log(v) : null;
}

/** The per-step log-rates of a full-batch GD run with sharpness probes (empty otherwise). */
export function rateCurves(r: Report): RateCurves {
  const lStar = rateLStar(r.summary);
  const probes = rateProbes(r.series, lStar, null);
  const x = probes.map((p) => p.epoch);
  return {
    measured: { x, y: probes.map((p) => logRate(p.measured)) },
    predicted: { x, y: probes.map((p) => logRate(p.predicted)) },
    firstOrder: { x, y: probes.map((p) => logRate(p.firstOrder)) },
    lStar,
  };
}
