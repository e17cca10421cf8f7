/**
 * Rate fits on a window of a run: the linear-rate fit of log(gap) against epoch and the log-log
 * slope of ||grad L||^2 against gap (PL with L* exact <=> slope 1).
 */
import { fitLine } from "./line_fit.ts";

/** Least squares over the points whose coordinates are finite; null below 2 distinct x values. */
function fitFinite(
  xs: readonly number[],
  ys: readonly number[],
): { slope: number; r2: number } | null {
  const px: number[] = [];
  const py: number[] = [];
  xs.forEach((x, i) => {
    const y = ys[i]!;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      px.push(x);
      py.push(y);
    }
  });
  if (px.length < 2 || px.every((x) => x === px[0])) return null;
  const line = fitLine(px, py);
  return { slope: line.slope, r2: line.r2 };
}

function logPositive(xs: readonly number[]): number[] {
  return xs.map((x) => (x > 0 ? Math.log(x) : NaN));
}

/**
 * Contraction factor rho = exp(s) where s is the least-squares slope of log(gap_t) on t, with the
 * fit's R^2; epochs with gap <= 0 are left out. Null when fewer than 2 usable epochs remain.
 *
 * @example
 * contractionFit([0, 1, 2], [1, 0.5, 0.25]); // { contraction: 0.5, r2: 1 }
 */
export function contractionFit(
  epochs: readonly number[],
  gap: readonly number[],
): { contraction: number; r2: number } | null {
  const f = fitFinite(epochs, logPositive(gap));
  return f === null ? null : { contraction: Math.exp(f.slope), r2: f.r2 };
}

/**
 * Slope of log ||grad L_t||^2 against log gap_t (epochs where either is <= 0 are left out).
 *
 * @example
 * loglogSlope([1, 2, 4], [2, 4, 8]); // 1
 */
export function loglogSlope(gap: readonly number[], gradNormSq: readonly number[]): number | null {
  return fitFinite(logPositive(gap), logPositive(gradNormSq))?.slope ?? null;
}
