/**
 * The charts of a run's page: the four panels of the paper's Figure 1 (NTK eigenvalues with their
 * float32 noise floor, drift, PL ratio and gap against the three references of L*, with the
 * fitted decay curve), then, where the run probed its Hessian, the sharpness beside the edge
 * 2 (1 + beta) / eta and the Gauss-Newton estimates, and the per-step rate measured beside the
 * rates the PL ratio and the sharpness predict.
 */
import type { Decay, NtkSeries, Report } from "../../src/report/schema.ts";
import {
  type ChartSpec,
  curveDataset,
  type Dataset,
  lineChart,
  PALETTE,
} from "../compute/charts.ts";
import { gapCurve, plRatioCurve } from "../compute/envelope.ts";
import { rateCurves, sharpnessCurves } from "../compute/sharpness_curves.ts";
import { fmt } from "./view.ts";

/** A dashed line. */
function dashed(d: Dataset): Dataset {
  return { ...d, borderDash: [6, 4] };
}

/** The float32 noise floor of a kernel's eigenvalues, where the run recorded it. */
function floorDataset(ntk: NtkSeries | undefined, label: string, color: string): Dataset[] {
  if (ntk?.noiseFloor === undefined) return [];
  return [dashed(curveDataset({ x: ntk.epoch, y: ntk.noiseFloor }, label, color, 1))];
}

/** The summary's decay verdict when it is one (old or failed runs may have none). */
export function decayOf(r: Report, key: "decay" | "decayWindow"): Decay | null {
  const d = r.summary[key];
  return d !== null && d !== undefined && typeof d === "object" && !Array.isArray(d) ? d : null;
}

/** The loss of the decay's best fit at the run's epochs inside the decay's window. */
export function fittedLoss(d: Decay, epochs: readonly number[]): { x: number[]; y: number[] } {
  const x = epochs.filter((t) => t >= d.window[0] && t <= d.window[1]);
  const g = d.fits.geometric.params;
  const p = d.fits.power.params;
  const l = d.fits.linear.params;
  const at = (u: number) =>
    d.best === "geometric"
      ? g.lInf + g.c * g.rho ** u
      : d.best === "power"
      ? p.lInf + p.c * (1 + u / p.t0) ** -p.p
      : l.a - l.b * u;
  return { x, y: x.map((t) => at(t - d.window[0])) };
}

/** The sharpness panel and the rate panel of a run with a sharpness series (else none). */
export function sharpnessCharts(r: Report): [string, ChartSpec][] {
  if (r.series.hessian === undefined) return [];
  const c = sharpnessCurves(r);
  const edge = r.summary.edgeEpoch;
  const fixed = r.series.hessian.fixedBatch;
  const gn: Dataset[] = [
    ...(c.gaussNewtonFull.x.length > 0
      ? [curveDataset(c.gaussNewtonFull, "λ_max(K)/(nα²) (full kernel)", PALETTE[3]!, 1.5)]
      : []),
    ...(c.gaussNewtonSubset.x.length > 0
      ? [curveDataset(c.gaussNewtonSubset, "λ_max(K_S)/(kα²) (probe subset)", PALETTE[1]!, 1.5)]
      : []),
  ];
  const panels: [string, ChartSpec][] = [[
    "chart-sharpness",
    lineChart({
      title: "(e) Sharpness λ_max(H) and the edge of stability",
      subtitle: (fixed
        ? `Hessian of the loss on a fixed batch of ${r.series.hessian.samples}`
        : "Hessian of the training loss") +
        (typeof edge === "number" ? ` · at the edge from epoch ${edge}` : " · below the edge"),
      yType: "logarithmic",
      yLabel: "curvature",
      window: null,
      datasets: [
        curveDataset(c.sharpness, "λ_max(H) (Lanczos)", PALETTE[0]!, 2),
        dashed(curveDataset(c.edge, "edge 2(1+β)/η", PALETTE[4]!, 1.5)),
        ...(fixed ? [] : gn),
      ],
    }),
  ]];
  const rate = rateCurves(r);
  if (rate.measured.x.length > 0) {
    panels.push([
      "chart-rate",
      lineChart({
        title: "(f) Per-step rate −ln((L_{t+1} − L*)/(L_t − L*)): measured and predicted",
        subtitle: `L* = ${fmt(rate.lStar)} · predicted: 1 − 2ημ_t(1 − ηβ_t/2) (none past the ` +
          `edge) · first-order: 1 − 2ημ_t`,
        yType: "logarithmic",
        yLabel: "log-rate per step",
        window: null,
        datasets: [
          curveDataset(rate.measured, "measured", PALETTE[0]!, 2),
          curveDataset(rate.predicted, "predicted (PL ratio, sharpness)", PALETTE[3]!, 1.5),
          dashed(curveDataset(rate.firstOrder, "first-order (no curvature)", PALETTE[5]!, 1.5)),
        ],
      }),
    ]);
  }
  return panels;
}

/** The four panels of Figure 1 for one run, then its sharpness and rate panels. */
export function runCharts(r: Report): [string, ChartSpec][] {
  const w = r.summary.window;
  const window = Array.isArray(w) ? w : null;
  const ntk = r.series.ntk;
  const full = r.series.fullNtk;
  const eig = [];
  if (ntk !== undefined) {
    eig.push(curveDataset({ x: ntk.epoch, y: ntk.lambdaMin }, "λ_min (subset)", PALETTE[0]!, 2));
    eig.push(curveDataset({ x: ntk.epoch, y: ntk.lambdaMax }, "λ_max (subset)", PALETTE[1]!, 2));
    eig.push(...floorDataset(ntk, "float32 noise floor (subset)", PALETTE[0]!));
  }
  if (full !== undefined) {
    eig.push(curveDataset({ x: full.epoch, y: full.lambdaMin }, "λ_min (full)", PALETTE[2]!));
    eig.push(curveDataset({ x: full.epoch, y: full.lambdaMax }, "λ_max (full)", PALETTE[3]!));
    eig.push(...floorDataset(full, "float32 noise floor (full)", PALETTE[2]!));
  }
  const s = r.series;
  const decay = decayOf(r, "decay");
  const fitted = decay !== null && decay.lInf !== null;
  const panels: [string, ChartSpec][] = [];
  if (eig.length > 0) {
    panels.push([
      "chart-ntk",
      lineChart({
        title: "(a) NTK eigenvalues",
        subtitle: ntk === undefined ? "full-data kernel" : `k = ${ntk.k} probe inputs`,
        yType: "logarithmic",
        yLabel: "eigenvalue",
        window,
        datasets: eig,
      }),
    ]);
  }
  return [
    ...panels,
    [
      "chart-drift",
      lineChart({
        title: "(b) Parameter drift ‖θ_t − θ_0‖",
        yType: "linear",
        yLabel: "drift",
        window,
        datasets: [curveDataset({ x: s.epoch, y: s.drift }, "drift", PALETTE[2]!, 2)],
      }),
    ],
    [
      "chart-pl",
      lineChart({
        title: "(c) PL ratio ‖∇L‖² / (2 (L_t − L*))",
        subtitle: window ? `shaded: stable window ${window[0]}–${window[1]}` : undefined,
        yType: "logarithmic",
        yLabel: "PL ratio",
        window,
        datasets: [
          curveDataset(plRatioCurve(r), "L* = final loss (proxy)", PALETTE[3]!, 2),
          ...(fitted
            ? [curveDataset(plRatioCurve(r, "fit"), "L* = fitted L_inf", PALETTE[5]!, 1.5)]
            : []),
          curveDataset(plRatioCurve(r, "zero"), "L* = 0", PALETTE[7]!, 1.5),
        ],
      }),
    ],
    [
      "chart-gap",
      lineChart({
        title: "(d) Loss and suboptimality gap (semilog)",
        subtitle: `proxy L* = ${fmt(r.summary.lStar ?? s.loss.at(-1))}` +
          (fitted ? ` · fitted L_inf = ${fmt(decay.lInf)}` : "") +
          (decay === null ? "" : ` · decay: ${decay.model}`),
        yType: "logarithmic",
        yLabel: "loss",
        window,
        datasets: [
          curveDataset(gapCurve(r), "gap against the final loss (proxy)", PALETTE[0]!, 2),
          ...(fitted
            ? [curveDataset(gapCurve(r, "fit"), "gap against fitted L_inf", PALETTE[5]!, 1.5)]
            : []),
          curveDataset({ x: s.epoch, y: s.loss }, "loss L_t (gap against 0)", PALETTE[4]!, 1.5),
          ...(decay === null ? [] : [
            dashed(
              curveDataset(fittedLoss(decay, s.epoch), `${decay.best} fit`, PALETTE[6]!, 1.5),
            ),
          ]),
        ],
      }),
    ],
    ...sharpnessCharts(r),
  ];
}
