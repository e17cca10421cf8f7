/**
 * Suboptimality gap and empirical PL ratio against the terminal-loss proxy L* = final loss.
 */

/**
 * gap_t = L_t - L* for every epoch (the last one is 0 by construction when L* is the final loss).
 *
 * @example
 * gapSeries([4, 2, 1], 1); // [3, 1, 0]
 */
export function gapSeries(loss: readonly number[], lStar: number): number[] {
  return loss.map((l) => l - lStar);
}

/**
 * PL ratio_t = ||grad L_t||^2 / (2 gap_t). It is null at the last epoch (where the proxy makes the
 * gap 0 by construction) and wherever the gap is not positive or a value is not finite: never a
 * silent division by zero.
 *
 * For f = mu/2 x^2 this is exactly mu at every epoch (with L* = 0).
 *
 * @example
 * plRatioSeries([8, 2, 0], [4, 1, 0]); // [1, 1, null]
 */
export function plRatioSeries(
  gradNormSq: readonly number[],
  gap: readonly number[],
): (number | null)[] {
  if (gradNormSq.length !== gap.length) {
    throw new RangeError(
      `Cannot compute PL ratios: gradient norms and gaps must have the same length, got ${gradNormSq.length} and ${gap.length}`,
    );
  }
  const last = gap.length - 1;
  return gap.map((g, t) => {
    const q = gradNormSq[t]!;
    if (t === last || !(g > 0) || !Number.isFinite(g) || !Number.isFinite(q)) return null;
    return q / (2 * g);
  });
}
