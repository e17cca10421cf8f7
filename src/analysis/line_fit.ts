/**
 * Ordinary least squares of y on x: the rate of a linear (log-scale) decay or a log-log exponent.
 */

/** Slope, intercept and coefficient of determination of a least-squares line. */
export interface LineFit {
  slope: number;
  intercept: number;
  r2: number;
  /** Number of points used. */
  n: number;
}

/**
 * Fits y = slope * x + intercept by least squares over at least two points with distinct x.
 *
 * @example
 * ```ts
 * fitLine([0, 1, 2], [1, 3, 5]).slope; // 2
 * ```
 */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  if (xs.length !== ys.length) {
    throw new RangeError(
      `Cannot fit line: x and y must have the same length, got ${xs.length} and ${ys.length}`,
    );
  }
  const n = xs.length;
  if (n < 2) throw new RangeError(`Cannot fit line: need at least 2 points, got ${n}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new RangeError(`Cannot fit line: point ${i} is not finite, got (${x}, ${y})`);
    }
    mx += x;
    my += y;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new RangeError("Cannot fit line: all x values are equal");
  const slope = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: my - slope * mx, r2, n };
}
