/**
 * Statistics across seeds: mean, sample standard deviation, min and max; quantiles; and the log-space
 * aggregates (geometric mean, quantile band) used for log-scale quantities.
 */

/** Statistics of one metric across seeds; null where undefined (`std` needs two values). */
export interface Stats {
  n: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
}

/**
 * Mean, Bessel-corrected sample standard deviation (n - 1), min and max of finite `values`.
 *
 * @example stats([1, 2, 3]) // { n: 3, mean: 2, std: 1, min: 1, max: 3 }
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

/** A center line with a band around it, index-aligned with `x`; null where no seed has a value. */
export interface Band {
  x: number[];
  center: (number | null)[];
  lo: (number | null)[];
  hi: (number | null)[];
  n: number[];
}

/** One seed's curve: y values at x (null where undefined). */
export interface Curve {
  x: number[];
  y: (number | null)[];
}

function align(curves: readonly Curve[]): { x: number[]; columns: number[][] } {
  const byX = new Map<number, number[]>();
  for (const c of curves) {
    c.x.forEach((x, i) => {
      const col = byX.get(x) ?? [];
      const y = c.y[i];
      if (typeof y === "number" && Number.isFinite(y)) col.push(y);
      byX.set(x, col);
    });
  }
  const x = [...byX.keys()].sort((a, b) => a - b);
  return { x, columns: x.map((k) => byX.get(k)!) };
}

/** Linear aggregation at each x: mean with a band of plus/minus one sample standard deviation. */
export function linearBand(curves: readonly Curve[]): Band {
  const { x, columns } = align(curves);
  const band: Band = { x, center: [], lo: [], hi: [], n: [] };
  for (const col of columns) {
    const s = stats(col);
    band.center.push(s.mean);
    band.lo.push(s.mean === null ? null : s.mean - (s.std ?? 0));
    band.hi.push(s.mean === null ? null : s.mean + (s.std ?? 0));
    band.n.push(s.n);
  }
  return band;
}

/**
 * Log-space aggregation at each x over the positive values: the geometric mean with a band from the
 * `qLo` to the `qHi` quantile across seeds (quantiles commute with log, so they are log-space too).
 */
export function logBand(curves: readonly Curve[], qLo = 0.1, qHi = 0.9): Band {
  const { x, columns } = align(curves);
  const band: Band = { x, center: [], lo: [], hi: [], n: [] };
  for (const col of columns) {
    const pos = col.filter((v) => v > 0).sort((a, b) => a - b);
    band.n.push(pos.length);
    if (pos.length === 0) {
      band.center.push(null);
      band.lo.push(null);
      band.hi.push(null);
      continue;
    }
    band.center.push(Math.exp(pos.reduce((s, v) => s + Math.log(v), 0) / pos.length));
    band.lo.push(quantile(pos, qLo));
    band.hi.push(quantile(pos, qHi));
  }
  return band;
}
