/**
 * The linear rate of a loss series: least squares of log(loss) on the epoch over the phase where the
 * loss lies between `upper` and `lower` times its initial value (past the transient, above the
 * float64 floor).
 */
import { fitLine } from "../analysis/line_fit.ts";

/** Fitted decay: `slope` of log(loss) per epoch (negative when decaying), R^2 and the window used. */
export interface LogLossRate {
  slope: number;
  r2: number;
  window: [number, number];
}

/**
 * Fits log(loss) against epoch over [first epoch with loss <= upper * loss0, last epoch with
 * loss >= lower * loss0]; null when that window holds fewer than 3 points.
 *
 * @example
 * ```ts
 * const loss = [0, 1, 2, 3, 4, 5].map((e) => Math.exp(-e));
 * logLossRate([0, 1, 2, 3, 4, 5], loss, 1, 1e-9)!.slope; // -1
 * ```
 */
export function logLossRate(
  epochs: readonly number[],
  losses: readonly number[],
  upper = 1e-2,
  lower = 1e-12,
): LogLossRate | null {
  const l0 = losses[0];
  if (l0 === undefined || !(l0 > 0)) return null;
  const start = losses.findIndex((l) => l <= upper * l0);
  let end = -1;
  for (let i = losses.length - 1; i >= 0; i--) {
    if (losses[i]! >= lower * l0) {
      end = i;
      break;
    }
  }
  if (start < 0 || end - start < 2) return null;
  const xs = epochs.slice(start, end + 1);
  const ys = losses.slice(start, end + 1).map(Math.log);
  if (!ys.every(Number.isFinite)) return null;
  const fit = fitLine(xs, ys);
  return { slope: fit.slope, r2: fit.r2, window: [epochs[start]!, epochs[end]!] };
}
