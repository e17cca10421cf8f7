/**
 * Synthetic loss curves with a known decay law, for testing the decay-model selection against
 * what should fool it: geometric decays to zero and to a floor over 0.05 to 5 decades, power laws
 * with and without an offset at several t0, straight lines, and two-phase curves (a power-law
 * start that turns geometric, a geometric rate that drops several-fold). Each comes exact in
 * float32 and with multiplicative noise of a given size and seed.
 */
import { mulberry32 } from "../util/random.ts";

/** The law a curve follows: a model, or two phases (no single model is right). */
export type CurveTruth = "geometric" | "power" | "linear" | "two-phase";

/** A curve family member: its name, its law and its noiseless loss at epoch t. */
export interface CurveShape {
  name: string;
  truth: CurveTruth;
  loss: (t: number) => number;
  /** The noiseless gap (loss - limit; for linear the loss itself) at epoch t. */
  gap: (t: number) => number;
}

/** A curve as the selection sees it. */
export interface SyntheticCurve {
  shape: CurveShape;
  /** Relative noise size (0: exact float32). */
  noise: number;
  seed: number;
  epoch: number[];
  loss: number[];
}

/** Epochs of every synthetic curve: 0..300. */
export const CURVE_EPOCHS = 300;

function geometric(decades: number, floor: number): CurveShape {
  const rho = 10 ** (-decades / CURVE_EPOCHS);
  return {
    name: `${floor} + 0.5 rho^t over ${decades} decades`,
    truth: "geometric",
    loss: (t) => floor + 0.5 * rho ** t,
    gap: (t) => 0.5 * rho ** t,
  };
}

function power(t0: number, p: number, floor: number): CurveShape {
  return {
    name: `${floor} + 0.5 (1 + t/${t0})^-${p}`,
    truth: "power",
    loss: (t) => floor + 0.5 * (1 + t / t0) ** -p,
    gap: (t) => 0.5 * (1 + t / t0) ** -p,
  };
}

function linear(decades: number): CurveShape {
  const b = (1 - 10 ** -decades) / CURVE_EPOCHS;
  return {
    name: `1 - ${b.toPrecision(3)} t`,
    truth: "linear",
    loss: (t) => 1 - b * t,
    gap: (t) => 1 - b * t,
  };
}

/** 0.5 / (1 + t/5) for `until` epochs, then geometric at the rate it had there (no kink). */
function powerThenGeometric(until: number): CurveShape {
  const at = (t: number) => 0.5 * (1 + t / 5) ** -1;
  const rate = 1 / (5 + until); // -d ln(gap)/dt of the power law at `until`
  const f = (t: number) => (t <= until ? at(t) : at(until) * Math.exp(-rate * (t - until)));
  return { name: `power to epoch ${until}, then geometric`, truth: "two-phase", loss: f, gap: f };
}

/** Geometric over 3 decades whose rate drops by `factor` at epoch 150. */
function rateDrop(factor: number): CurveShape {
  const k = (3 * Math.log(10)) / (150 + 150 / factor);
  const f = (t: number) =>
    0.5 * Math.exp(-k * Math.min(t, 150) - (k / factor) * Math.max(0, t - 150));
  return { name: `geometric, rate / ${factor} at epoch 150`, truth: "two-phase", loss: f, gap: f };
}

/** Every shape of the test set (37). */
export function curveShapes(): CurveShape[] {
  const shapes: CurveShape[] = [];
  for (const floor of [0, 0.05]) {
    for (const d of [0.05, 0.3, 1, 2, 3, 5]) shapes.push(geometric(d, floor));
    for (const t0 of [1, 10, 50]) for (const p of [0.5, 1, 2]) shapes.push(power(t0, p, floor));
  }
  for (const d of [0.3, 1, 2]) shapes.push(linear(d));
  shapes.push(powerThenGeometric(25), powerThenGeometric(100), rateDrop(10), rateDrop(3));
  return shapes;
}

/**
 * `shape` sampled at epochs 0..CURVE_EPOCHS in float32, times (1 + noise z) with z standard
 * normal from `seed` (noise 0: exact).
 */
export function sampleCurve(shape: CurveShape, noise: number, seed: number): SyntheticCurve {
  const rng = mulberry32(seed);
  const epoch = Array.from({ length: CURVE_EPOCHS + 1 }, (_, t) => t);
  const loss = epoch.map((t) => Math.fround(shape.loss(t) * (1 + noise * rng.normal())));
  return { shape, noise, seed, epoch, loss };
}

/**
 * Decades of the shape's gap that `noise` lets a curve resolve: from its first epoch down to its
 * last, or to twice the noise of the last loss if that is higher (float32 rounding at least).
 */
export function resolvableDecades(shape: CurveShape, noise: number): number {
  const end = CURVE_EPOCHS;
  const floor = 2 * Math.max(noise, 2 ** -24) * shape.loss(end);
  return Math.max(0, Math.log10(shape.gap(0) / Math.max(shape.gap(end), floor)));
}
