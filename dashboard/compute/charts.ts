/**
 * Chart.js configurations built on the server as plain JSON: the page script only hands them to
 * `new Chart`. Bands are two datasets, the upper one filled down to the lower one.
 */
import type { Band, Curve } from "./bands.ts";
import type { Panel } from "./envelope.ts";

/** A point of a line dataset. */
export interface XY {
  x: number;
  y: number | null;
}

/** A Chart.js line dataset (the subset used here). */
export interface Dataset {
  label: string;
  data: XY[];
  borderColor: string;
  backgroundColor?: string;
  borderWidth: number;
  pointRadius: number;
  fill?: string | boolean;
  borderDash?: number[];
}

/** A Chart.js line chart configuration; `plugins.stableWindow` is drawn by the page script. */
export interface ChartSpec {
  type: "line";
  data: { datasets: Dataset[] };
  options: Record<string, unknown>;
}

/** Colours for series, cycled. */
export const PALETTE = [
  "#2563eb",
  "#dc2626",
  "#16a34a",
  "#9333ea",
  "#ea580c",
  "#0891b2",
  "#be185d",
  "#4d7c0f",
];

/** `#rrggbb` with an alpha channel as `rgba()`. */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
}

function points(x: number[], y: (number | null | undefined)[]): XY[] {
  return x.map((xi, i) => ({ x: xi, y: y[i] ?? null }));
}

/** One curve as a line. */
export function curveDataset(curve: Curve, label: string, color: string, width = 1.5): Dataset {
  return {
    label,
    data: points(curve.x, curve.y),
    borderColor: color,
    borderWidth: width,
    pointRadius: 0,
  };
}

/** A band (lower and upper edge, the upper filled to the lower) and its center line. */
export function bandDatasets(band: Band, label: string, color: string): Dataset[] {
  return [
    {
      label: `${label} (band low)`,
      data: points(band.x, band.lo),
      borderColor: withAlpha(color, 0.25),
      borderWidth: 0,
      pointRadius: 0,
      fill: false,
    },
    {
      label: `${label} (band high)`,
      data: points(band.x, band.hi),
      borderColor: withAlpha(color, 0.25),
      backgroundColor: withAlpha(color, 0.2),
      borderWidth: 0,
      pointRadius: 0,
      fill: "-1",
    },
    curveDataset({ x: band.x, y: band.center }, label, color, 2.5),
  ];
}

/** Options of a line chart with a linear epoch axis. */
export function lineChart(options: {
  title: string;
  subtitle?: string;
  yType: "linear" | "logarithmic";
  yLabel: string;
  window?: [number, number] | null;
  datasets: Dataset[];
}): ChartSpec {
  return {
    type: "line",
    data: { datasets: options.datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: false,
      interaction: { mode: "nearest", intersect: false },
      scales: {
        x: { type: "linear", title: { display: true, text: "epoch" } },
        y: { type: options.yType, title: { display: true, text: options.yLabel } },
      },
      plugins: {
        title: { display: true, text: options.title },
        subtitle: { display: options.subtitle !== undefined, text: options.subtitle ?? "" },
        legend: { labels: { boxWidth: 12, font: { size: 11 } } },
        stableWindow: options.window ? { from: options.window[0], to: options.window[1] } : null,
      },
    },
  };
}

/** The aggregation sentence shown under an envelope chart. */
export function aggregationNote(scale: Panel["scale"], seeds: number): string {
  return scale === "log"
    ? `${seeds} seeds · line: geometric mean, band: 10th–90th percentile across seeds (log space)`
    : `${seeds} seeds · line: mean, band: ± 1 sample std across seeds`;
}

/** An envelope chart: per-seed curves (thin) plus the band and center across seeds. */
export function envelopeChart(
  title: string,
  yLabel: string,
  panel: Panel,
  window: [number, number] | null,
): ChartSpec {
  const color = PALETTE[0]!;
  const center = panel.scale === "log" ? "geometric mean" : "mean";
  const seeds = panel.perSeed.map((c, i) =>
    curveDataset(c, `seed ${c.seed}`, withAlpha(PALETTE[(i + 1) % PALETTE.length]!, 0.55), 1)
  );
  return lineChart({
    title,
    subtitle: aggregationNote(panel.scale, panel.perSeed.length) +
      (window ? ` · shaded: stable window ${window[0]}–${window[1]}` : ""),
    yType: panel.scale === "log" ? "logarithmic" : "linear",
    yLabel,
    window,
    datasets: [...bandDatasets(panel.band, center, color), ...seeds],
  });
}

/**
 * The rate panel across seeds: the bands of the measured and the predicted per-step log-rates
 * (each aggregated in log space), one chart.
 */
export function rateBandsChart(
  title: string,
  measured: Panel,
  predicted: Panel,
  window: [number, number] | null,
): ChartSpec {
  return lineChart({
    title,
    subtitle: aggregationNote("log", measured.perSeed.length) +
      " · predicted: 1 − 2ημ_t(1 − ηβ_t/2), none past the edge",
    yType: "logarithmic",
    yLabel: "log-rate per step",
    window,
    datasets: [
      ...bandDatasets(measured.band, "measured", PALETTE[0]!),
      ...bandDatasets(predicted.band, "predicted (PL ratio, sharpness)", PALETTE[3]!),
    ],
  });
}
