/**
 * Curves across seeds as a center line with a band: mean plus or minus one standard deviation for
 * linear quantities, and for log-scale ones the geometric mean with a quantile band.
 */
import { quantile, stats } from "../../src/util/stats.ts";

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
