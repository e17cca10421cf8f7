/**
 * Envelopes of a grid point: per-seed curves of the four diagnostics (gap, PL ratio, drift, NTK
 * eigenvalues) and of the sharpness lambda_max(H), and their bands across seeds. Log-scale quantities are aggregated in log space.
 * The gap and the PL ratio are taken against a chosen reference L*: the final loss (the paper's
 * terminal proxy, which forces the gap to zero at the end), the limit L_inf fitted by the decay
 * selection (summary.decay.lInf), or 0 (the squared loss's minimum when the network interpolates).
 */
import type { Report } from "../../src/report/schema.ts";
import { median } from "../../src/util/stats.ts";
import { type Band, type Curve, linearBand, logBand } from "./bands.ts";
import { rateCurves } from "./sharpness_curves.ts";

/** Which L* the gap and the PL ratio are taken against. */
export type LStarReference = "final" | "fit" | "zero";

/** Every reference, in the order the pages offer them, with its label. */
export const LSTAR_REFERENCES: readonly [LStarReference, string][] = [
  ["final", "final loss (terminal proxy)"],
  ["fit", "fitted L_inf"],
  ["zero", "0"],
];

/** The terminal-loss proxy of a run: summary.lStar, else its last loss. */
export function lStar(report: Report): number | null {
  const s = report.summary.lStar;
  if (typeof s === "number") return s;
  return report.series.loss.at(-1) ?? null;
}

/**
 * L* of a run for `reference`: the final loss, the decay fit's L_inf (null when the run has none:
 * no decay verdict, or a linear best fit, which has no limit), or 0.
 */
export function lStarOf(report: Report, reference: LStarReference = "final"): number | null {
  if (reference === "zero") return 0;
  if (reference === "final") return lStar(report);
  const d = report.summary.decay;
  return d !== null && d !== undefined && typeof d === "object" ? d.lInf : null;
}

/** Suboptimality gap L_t - L* per epoch; null where it is not positive (no log). */
export function gapCurve(report: Report, reference: LStarReference = "final"): Curve {
  const star = lStarOf(report, reference);
  return {
    x: report.series.epoch,
    y: report.series.loss.map((l) => (star === null || !(l - star > 0) ? null : l - star)),
  };
}

/** PL ratio ||grad L_t||^2 / (2 (L_t - L*)) per epoch; null where the gap is not positive. */
export function plRatioCurve(report: Report, reference: LStarReference = "final"): Curve {
  const gap = gapCurve(report, reference).y;
  return {
    x: report.series.epoch,
    y: report.series.gradNormSq.map((g, i) => {
      const d = gap[i];
      return d === null || d === undefined ? null : g / (2 * d);
    }),
  };
}

/** A diagnostic across seeds: each seed's curve and the band; `scale` says how it was aggregated. */
export interface Panel {
  scale: "log" | "linear";
  perSeed: (Curve & { seed: number; runId: string })[];
  band: Band;
}

/** The envelope of one grid point over its complete runs. */
export interface Envelope {
  /** The L* the gap and PL ratio panels use. */
  reference: LStarReference;
  /** Seeds whose L* is undefined for the reference (no fitted L_inf): empty gap and PL curves. */
  withoutReference: number[];
  seeds: number[];
  excluded: { runId: string; seed: number; status: string }[];
  /** Median of the seeds' stable windows (epochs, inclusive), or null if none reported one. */
  window: [number, number] | null;
  gap: Panel;
  plRatio: Panel;
  drift: Panel;
  lambdaMin: Panel;
  lambdaMax: Panel;
  /** lambda_max(H) at the sharpness probes (series.hessian). */
  sharpness: Panel;
  /**
   * Per-step log-rates at the sharpness probes, measured and predicted by the PL ratio and the
   * sharpness (sharpness_curves.ts), against each run's rate L*.
   */
  measuredRate: Panel;
  predictedRate: Panel;
}

function panel(reports: Report[], scale: Panel["scale"], curve: (r: Report) => Curve): Panel {
  const perSeed = reports.map((r) => ({ ...curve(r), seed: r.config.seed, runId: r.id }));
  return { scale, perSeed, band: scale === "log" ? logBand(perSeed) : linearBand(perSeed) };
}

/**
 * Builds the envelope of the complete runs among `reports` (other runs are listed as excluded),
 * with the gap and PL ratio against `reference`.
 */
export function envelope(reports: Report[], reference: LStarReference = "final"): Envelope {
  const complete = reports.filter((r) => r.status === "complete");
  const windows = complete.map((r) => r.summary.window).filter((w) => Array.isArray(w)) as [
    number,
    number,
  ][];
  const ntk = (r: Report, key: "lambdaMin" | "lambdaMax"): Curve => ({
    x: r.series.ntk?.epoch ?? [],
    y: r.series.ntk?.[key] ?? [],
  });
  return {
    reference,
    withoutReference: complete.filter((r) => lStarOf(r, reference) === null)
      .map((r) => r.config.seed),
    seeds: complete.map((r) => r.config.seed),
    excluded: reports.filter((r) => r.status !== "complete").map((r) => ({
      runId: r.id,
      seed: r.config.seed,
      status: r.status,
    })),
    window: windows.length === 0 ? null : [
      Math.round(median(windows.map((w) => w[0]))),
      Math.round(median(windows.map((w) => w[1]))),
    ],
    gap: panel(complete, "log", (r) => gapCurve(r, reference)),
    plRatio: panel(complete, "log", (r) => plRatioCurve(r, reference)),
    drift: panel(complete, "linear", (r) => ({ x: r.series.epoch, y: r.series.drift })),
    lambdaMin: panel(complete, "log", (r) => ntk(r, "lambdaMin")),
    lambdaMax: panel(complete, "log", (r) => ntk(r, "lambdaMax")),
    sharpness: panel(complete, "log", (r) => ({
      x: r.series.hessian?.epoch ?? [],
      y: r.series.hessian?.sharpness ?? [],
    })),
    measuredRate: panel(complete, "log", (r) => rateCurves(r).measured),
    predictedRate: panel(complete, "log", (r) => rateCurves(r).predicted),
  };
}

/** Whether any seed of the envelope has sharpness probes. */
export function hasSharpness(env: Envelope): boolean {
  return env.sharpness.perSeed.some((c) => c.x.length > 0);
}

/** Whether any seed of the envelope has NTK probes. */
export function hasNtk(env: Envelope): boolean {
  return env.lambdaMin.perSeed.some((c) => c.x.length > 0);
}
