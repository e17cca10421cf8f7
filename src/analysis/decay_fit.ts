/**
 * Least-squares fits of a loss curve L_t on a window of epochs [start, end], with the limit L_inf
 * free (u = t - start, epochs since the window's first one):
 *
 * - geometric: L = L_inf + c rho^u                 (3 parameters: lInf, c, rho)
 * - power law: L = L_inf + c (1 + u / t0)^(-p)     (4 parameters: lInf, c, t0, p)
 * - linear:    L = a - b u                         (2 parameters: a, b)
 *
 * (the power law is L_inf + c' (t + t0')^(-p) written so that c is the gap at the window's start).
 *
 * Residuals are relative, (L_t - model_t) / L_t: a loss falls through decades, so absolute
 * residuals would fit only its first decade; relative ones weigh every decade alike and are the
 * right scale for multiplicative (round-off, minibatch) noise. They also keep every model linear
 * in (L_inf, c) (or (a, b)) once its rate parameters are fixed, so those are solved exactly
 * (variable projection) and only rho, or (t0, p), are searched: on a log grid, then refined by
 * golden section (rho) or Nelder-Mead (t0, p). The grid makes the search global on its range.
 *
 * Constraints: 0 <= L_inf <= `lInfMax` (default min L on the window: a loss is non-negative, and
 * a decaying model stays above its limit; a noisy curve's lowest value lies below the curve by
 * its noise, so the selection raises the bound by that much, decay_model.ts) and c >= 0; rho in (0, 1); p in [0.01, 1000]; a and b are free; and
 * t0 <= 10 x the window's span. That last bound keeps the two families apart: a power law's
 * decay rate p / (t0 + u) falls by the factor 1 + span / t0 across the window, so with t0 free it
 * tends to a geometric decay (t0, p -> infinity with p / t0 fixed) and could always imitate one;
 * with t0 <= 10 span a power law must slow down by at least 10% over the window. A "power" verdict
 * therefore means a decay rate that visibly falls, and a geometric decay is not matched by a
 * power law in disguise.
 */
import type { GeometricParams, LinearParams, PowerParams } from "../report/schema.ts";
import { goldenSection, nelderMead2 } from "./minimize.ts";
import { affine } from "./relative_ls.ts";

/** The fitted points: epochs (increasing) and positive finite losses, index-aligned. */
export interface DecayPoints {
  epoch: readonly number[];
  loss: readonly number[];
}

/** Options of the fits: the largest limit L_inf allowed (default: the smallest loss). */
export interface FitOptions {
  lInfMax?: number;
}

/** A fit's parameters and its residual sum of squares (relative residuals). */
export interface RawFit<P> {
  params: P;
  rss: number;
}

/** Search range of the total decay rate K = -span ln(rho) over the window, in nats. */
const K_RANGE: [number, number] = [1e-3, 5e3];
/** Search ranges of t0 / span and of p for the power law. */
const TAU_RANGE: [number, number] = [1e-4, 10];
const P_RANGE: [number, number] = [1e-2, 1e3];

/** The window in the fit's own coordinates: x = u / span in [0, 1], w = 1 / L. */
interface Scaled {
  x: Float64Array;
  w: Float64Array;
  start: number;
  span: number;
  /** The largest L_inf allowed. */
  lInfMax: number;
}

function scale(points: DecayPoints, options: FitOptions = {}): Scaled {
  const n = points.epoch.length;
  if (n < 2 || points.loss.length !== n) {
    throw new RangeError(
      `Cannot fit a decay: need at least 2 epochs with a loss each, got ${n} epochs and ` +
        `${points.loss.length} losses`,
    );
  }
  const start = points.epoch[0]!;
  const span = points.epoch[n - 1]! - start;
  if (!(span > 0)) throw new RangeError(`Cannot fit a decay: the epochs span ${span}, not > 0`);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  let lossMin = Infinity;
  for (let i = 0; i < n; i++) {
    const l = points.loss[i]!;
    if (!(l > 0) || !Number.isFinite(l)) {
      throw new RangeError(`Cannot fit a decay: loss ${i} must be positive and finite, got ${l}`);
    }
    x[i] = (points.epoch[i]! - start) / span;
    w[i] = 1 / l;
    lossMin = Math.min(lossMin, l);
  }
  return { x, w, start, span, lInfMax: options.lInfMax ?? lossMin };
}

function logGrid([lo, hi]: [number, number], count: number): number[] {
  const a = Math.log(lo);
  const b = Math.log(hi);
  return Array.from({ length: count }, (_, i) => a + ((b - a) * i) / (count - 1));
}

/**
 * The geometric fit L = lInf + c rho^u (see the module comment).
 *
 * @example
 * fitGeometric({ epoch: [0, 1, 2, 3], loss: [1.5, 1, 0.75, 0.625] }).params;
 * // { lInf: 0.5, c: 1, rho: 0.5 } (to about 1e-9)
 */
export function fitGeometric(
  points: DecayPoints,
  options: FitOptions = {},
): RawFit<GeometricParams> {
  const s = scale(points, options);
  const v = new Float64Array(s.x.length);
  const solve = (logK: number) => {
    const k = Math.exp(logK);
    for (let i = 0; i < v.length; i++) v[i] = Math.exp(-k * s.x[i]!) * s.w[i]!;
    return affine(s.w, v, { aMax: s.lInfMax });
  };
  const grid = logGrid(K_RANGE, 121);
  const values = grid.map((g) => solve(g).rss);
  const i = values.indexOf(Math.min(...values));
  const refined = goldenSection(
    (g) => solve(g).rss,
    grid[Math.max(0, i - 1)]!,
    grid[Math.min(grid.length - 1, i + 1)]!,
  );
  const logK = refined.value <= values[i]! ? refined.x : grid[i]!;
  const fit = solve(logK);
  return {
    params: { lInf: fit.a, c: fit.c, rho: Math.exp(-Math.exp(logK) / s.span) },
    rss: fit.rss,
  };
}

/**
 * The power-law fit L = lInf + c (1 + u / t0)^(-p) (see the module comment).
 *
 * @example
 * const epoch = [0, 10, 20, 40, 80];
 * fitPower({ epoch, loss: epoch.map((t) => 1 / (10 + t)) }).params;
 * // { lInf: 0, c: 0.1, t0: 10, p: 1 } (to about 1e-6)
 */
export function fitPower(points: DecayPoints, options: FitOptions = {}): RawFit<PowerParams> {
  const s = scale(points, options);
  const v = new Float64Array(s.x.length);
  const solve = ([logTau, logP]: [number, number]) => {
    const tau = Math.exp(logTau);
    const p = Math.exp(logP);
    for (let i = 0; i < v.length; i++) v[i] = Math.pow(1 + s.x[i]! / tau, -p) * s.w[i]!;
    return affine(s.w, v, { aMax: s.lInfMax });
  };
  const taus = logGrid(TAU_RANGE, 21);
  const ps = logGrid(P_RANGE, 31);
  let start: [number, number] = [taus[0]!, ps[0]!];
  let startValue = Infinity;
  for (const t of taus) {
    for (const p of ps) {
      const value = solve([t, p]).rss;
      if (value < startValue) {
        startValue = value;
        start = [t, p];
      }
    }
  }
  const lo: [number, number] = [Math.log(TAU_RANGE[0]), Math.log(P_RANGE[0])];
  const hi: [number, number] = [Math.log(TAU_RANGE[1]), Math.log(P_RANGE[1])];
  const step: [number, number] = [(hi[0] - lo[0]) / 20, (hi[1] - lo[1]) / 30];
  const refined = nelderMead2((q) => solve(q).rss, start, step, lo, hi, 600, 0);
  const best = refined.value <= startValue ? refined.p : start;
  const fit = solve(best);
  return {
    params: { lInf: fit.a, c: fit.c, t0: Math.exp(best[0]) * s.span, p: Math.exp(best[1]) },
    rss: fit.rss,
  };
}

/**
 * The linear fit L = a - b u (see the module comment).
 *
 * @example
 * fitLinear({ epoch: [5, 6, 7], loss: [3, 2, 1] }).params; // { a: 3, b: 1 }
 */
export function fitLinear(points: DecayPoints): RawFit<LinearParams> {
  const s = scale(points);
  const v = new Float64Array(s.x.length);
  for (let i = 0; i < v.length; i++) v[i] = -s.x[i]! * s.w[i]!;
  const fit = affine(s.w, v, null);
  return { params: { a: fit.a, b: fit.c / s.span }, rss: fit.rss };
}
