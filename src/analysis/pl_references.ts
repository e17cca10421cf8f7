/**
 * The empirical PL ratio ||grad L||^2 / (2 (L - L*)) against the references for L* besides the
 * terminal proxy (pl_ratio.ts):
 * - L* = 0: the squared loss's global minimum when the network can interpolate, the quantity
 *   Theorem 5.4 bounds below (plMinZero, plMedianZero);
 * - L* = the fitted limit L_inf of the decay model (plMinFit).
 * Both are taken on the post-transient run (the decay fit's window), where the loss is resolved;
 * `plProxyShift` = plMin / plMinFit says how much the proxy, which forces the gap to zero at the
 * end, inflates the PL minimum (>= 1 when both share a window, since L_inf <= the final loss).
 */
import { median } from "../util/stats.ts";

/** The PL minima against L* = 0 and L* = L_inf, and the proxy's inflation. */
export interface PlReferences {
  plMinZero: number | null;
  plMedianZero: number | null;
  plMinFit: number | null;
  plProxyShift: number | null;
}

function ratios(
  gradNormSq: readonly number[],
  loss: readonly number[],
  [a, b]: [number, number],
  lStar: number,
): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) {
    const gap = loss[i]! - lStar;
    const q = gradNormSq[i]!;
    if (gap > 0 && Number.isFinite(gap) && Number.isFinite(q)) out.push(q / (2 * gap));
  }
  return out;
}

function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

/**
 * PL references on the epoch indices `range` (inclusive), with the fitted limit `lInf` (null: no
 * fitted limit) and the terminal-proxy minimum `plMin` (null: none).
 *
 * @example
 * plReferences([8, 2], [4, 1], [0, 1], 0, 2).plMinZero; // 1
 */
export function plReferences(
  gradNormSq: readonly number[],
  loss: readonly number[],
  range: [number, number] | null,
  lInf: number | null,
  plMin: number | null,
): PlReferences {
  if (range === null) {
    return { plMinZero: null, plMedianZero: null, plMinFit: null, plProxyShift: null };
  }
  const zero = ratios(gradNormSq, loss, range, 0);
  const fit = lInf === null ? [] : ratios(gradNormSq, loss, range, lInf);
  const plMinFit = fit.length > 0 ? Math.min(...fit) : null;
  return {
    plMinZero: zero.length > 0 ? finiteOrNull(Math.min(...zero)) : null,
    plMedianZero: zero.length > 0 ? finiteOrNull(median(zero)) : null,
    plMinFit: finiteOrNull(plMinFit),
    plProxyShift: plMin !== null && plMinFit !== null && plMinFit > 0
      ? finiteOrNull(plMin / plMinFit)
      : null,
  };
}
