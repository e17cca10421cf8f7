/**
 * How noisy a loss curve is, read from the curve itself: the relative noise scale sigma, such that
 * the measured L_t = smooth_t (1 + sigma z_t) with z_t of unit size.
 *
 * Estimator: third differences of ln L, d_t = y_{t+3} - 3 y_{t+2} + 3 y_{t+1} - y_t. On a smooth
 * curve they are the third derivative (about zero: exactly zero for a geometric decay to zero,
 * p 2 / (t + t0)^3 for a power law), while iid noise of size sigma in y gives d_t a spread of
 * sqrt(1 + 9 + 9 + 1) sigma = sqrt(20) sigma. The spread is taken robustly (1.4826 x the median
 * absolute deviation, the standard deviation for normal noise), so a knee or a few spikes inside a
 * long window do not count as noise. The result is floored at the rounding of the number format
 * the losses are stored in (a float32 loss cannot be known better than 2^-24 relative), so a
 * noiseless curve still has a scale to compare misfits with.
 */
import { median } from "../util/stats.ts";

/** Unit roundoff of float32, the smallest relative noise a float32 loss carries. */
export const FLOAT32_ROUNDOFF = 2 ** -24;
/** Unit roundoff of float64. */
export const FLOAT64_ROUNDOFF = 2 ** -53;

/**
 * The unit roundoff of the format `loss` is stored in: float32 when every finite value is a
 * float32 number (tfjs runs), else float64 (the toys).
 *
 * @example
 * lossRoundoff([0.5, 0.25]); // 2^-24 (both are float32 numbers)
 * lossRoundoff([0.1]); // 2^-53 (0.1 is not)
 */
export function lossRoundoff(loss: readonly number[]): number {
  const float32 = loss.every((l) => Math.fround(l) === l || !Number.isFinite(l));
  return float32 ? FLOAT32_ROUNDOFF : FLOAT64_ROUNDOFF;
}

/**
 * The relative noise scale of the positive losses `loss` (consecutive epochs), floored at their
 * format's roundoff; the roundoff alone for fewer than 8 values (see the module comment).
 *
 * @example
 * relativeNoise(epochs.map((t) => 0.5 * 0.9 ** t)); // 2^-53: a geometric decay has no noise
 */
export function relativeNoise(loss: readonly number[]): number {
  const floor = lossRoundoff(loss);
  if (loss.length < 8) return floor;
  const y = loss.map(Math.log);
  const d: number[] = [];
  for (let t = 0; t + 3 < y.length; t++) {
    d.push(y[t + 3]! - 3 * y[t + 2]! + 3 * y[t + 1]! - y[t]!);
  }
  const centre = median(d);
  const mad = median(d.map((x) => Math.abs(x - centre)));
  const sigma = (1.4826 * mad) / Math.sqrt(20);
  return Number.isFinite(sigma) ? Math.max(floor, sigma) : floor;
}
