/**
 * The stable middle regime of a run: the epochs where log(gap) decays at a steady rate, excluding
 * the early transient and the tail distorted by the terminal-loss proxy L* = final loss.
 *
 * Rule (`detectWindow`), on y_t = log(L_t - L*) for epochs t = 0..T:
 * 1. Local slope s_t: least squares of y on t over the 2h + 1 epochs centred on t, with
 *    h = max(2, round(T / 40)); defined only where those epochs all have a positive gap (so never
 *    at the first h or last h + 1 epochs: the last epoch has gap 0 by construction).
 * 2. Reference slope s* = median of the defined s_t over the middle half of the run, T/4..3T/4.
 *    If s* >= 0 (no decay) there is no stable regime: the window is null.
 * 3. The window [a, b] is the longest contiguous run of epochs with |s_t - s*| <= 0.25 |s*|
 *    containing an epoch of the middle half (the one closest to T/2 wins ties).
 * It needs at least 5 epochs, else it is null.
 *
 * Why 0.25: for a geometric decay at rate rho, the proxy bends the measured gap into
 * c (rho^t - rho^T), whose log-slope exceeds the true one by the factor 1 + rho^u / (1 - rho^u)
 * at u = T - t epochs from the end. Keeping the slope within 25% of s* stops the window where
 * rho^u < 0.2, so the proxy inflates the PL ratio by at most 1 / (1 - 0.2) = 1.25 inside it.
 * The same tolerance rejects warm-up epochs whose decay rate differs from the steady one by more
 * than a quarter.
 */
import { fitLine } from "./line_fit.ts";
import { median } from "../util/stats.ts";

/** Relative slope tolerance of the window rule. */
export const WINDOW_SLOPE_TOLERANCE = 0.25;

/** An inclusive range of epochs [a, b]. */
export type EpochWindow = [number, number];

/** Half-width of the local-slope window for a run of T + 1 epochs. */
export function slopeHalfWidth(lastEpoch: number): number {
  return Math.max(2, Math.round(lastEpoch / 40));
}

/**
 * Detects the stable regime from a gap series indexed by consecutive epochs 0..T (see the module
 * comment for the rule). Returns epoch indices [a, b], or null when there is no steady decay.
 *
 * @example
 * detectWindow(gapSeries(loss, loss.at(-1)!)); // e.g. [12, 205]
 */
export function detectWindow(gap: readonly number[]): EpochWindow | null {
  const last = gap.length - 1;
  const h = slopeHalfWidth(last);
  const y = gap.map((g) => (g > 0 && Number.isFinite(g) ? Math.log(g) : null));
  const slope: (number | null)[] = gap.map(() => null);
  for (let t = h; t + h <= last; t++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let u = t - h; u <= t + h; u++) {
      const v = y[u];
      if (v === null || v === undefined) break;
      xs.push(u);
      ys.push(v);
    }
    if (xs.length === 2 * h + 1) slope[t] = fitLine(xs, ys).slope;
  }
  const lo = Math.floor(last / 4);
  const hi = Math.ceil((3 * last) / 4);
  const middle = slope.slice(lo, hi + 1).filter((s): s is number => s !== null);
  if (middle.length === 0) return null;
  const ref = median(middle);
  if (!(ref < 0)) return null;
  const ok = slope.map((s) => s !== null && Math.abs(s - ref) <= WINDOW_SLOPE_TOLERANCE * -ref);
  let best: EpochWindow | null = null;
  let bestScore = -Infinity;
  for (let t = 0; t <= last; t++) {
    if (!ok[t] || (t > 0 && ok[t - 1])) continue;
    let end = t;
    while (end + 1 <= last && ok[end + 1]) end++;
    const touchesMiddle = end >= lo && t <= hi;
    const centre = last / 2;
    const distance = centre < t ? t - centre : centre > end ? centre - end : 0;
    const score = (end - t) - distance / (last + 1);
    if (touchesMiddle && end - t + 1 >= 5 && score > bestScore) {
      best = [t, end];
      bestScore = score;
    }
  }
  return best;
}

/**
 * Parses a `window` config value: "auto" gives null (detect), "a:b" gives [a, b] after checking
 * that 0 <= a < b <= lastEpoch.
 */
export function parseWindow(value: string, lastEpoch: number): EpochWindow | null {
  if (value === "auto") return null;
  const m = /^(\d+):(\d+)$/.exec(value);
  if (m === null) {
    throw new RangeError(`Invalid window: expected 'auto' or 'a:b' (epochs), got '${value}'`);
  }
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (!(a < b) || b > lastEpoch) {
    throw new RangeError(
      `Invalid window: expected a < b <= ${lastEpoch} (the last epoch), got '${value}'`,
    );
  }
  return [a, b];
}
