/**
 * Statistics of a list of numbers, shared by the dashboard's cross-seed tables and the nightly
 * baselines: mean, sample standard deviation, min and max; quantiles; the median.
 *
 * The rule for one value: the sample standard deviation (n - 1) of fewer than two values is null,
 * since one seed says nothing about spread. Callers that need a number say what they put instead.
 */

/** Statistics of the finite values of a list; null where undefined (`std` needs two values). */
export interface Stats {
  n: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
}

/**
 * Mean, Bessel-corrected sample standard deviation (n - 1), min and max of the finite `values`;
 * non-finite values are skipped.
 *
 * @example stats([1, 2, 3]) // { n: 3, mean: 2, std: 1, min: 1, max: 3 }
 * @example stats([4]) // { n: 1, mean: 4, std: null, min: 4, max: 4 }
 */
export function stats(values: readonly number[]): Stats {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, std: null, min: null, max: null };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { n, mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : null, min, max };
}

/** The arithmetic mean of a non-empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError("Cannot take the mean of no values");
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** The median of a non-empty list: the middle value, or the mean of the two middle ones. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError("Cannot take the median of no values");
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The q-quantile (0 <= q <= 1) of ascending `sorted` values, by linear interpolation between order
 * statistics (the default of R and numpy).
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError("Cannot take a quantile of no values");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Quantile must be in [0, 1], got ${q}`);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
