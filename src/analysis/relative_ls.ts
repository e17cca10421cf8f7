/**
 * Least squares in two coefficients on relative residuals: fitting L_i ~ a + c phi_i by
 * minimising sum ((L_i - a - c phi_i) / L_i)^2 is the linear least squares of 1 ~ a w_i + c v_i
 * with columns w_i = 1 / L_i and v_i = phi_i / L_i, solved in closed form, optionally with
 * a in [0, aMax] and c >= 0. The decay fits (decay_fit.ts) call it once per trial rate.
 */

/** Sum of (1 - a w_i - c v_i)^2. */
function residualSum(w: Float64Array, v: Float64Array, a: number, c: number): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) {
    const r = 1 - a * w[i]! - c * v[i]!;
    s += r * r;
  }
  return s;
}

/**
 * Least squares of 1 ~ a w + c v (columns w_i = 1/L_i, v_i = phi_i/L_i), i.e. of the relative
 * residuals of L ~ a + c phi. With `box`, a in [0, box.aMax] and c >= 0: the minimum of a convex
 * quadratic on that strip is inside it or on one of its edges, so the candidates are the
 * unconstrained solution and the best point of each edge.
 */
export function affine(
  w: Float64Array,
  v: Float64Array,
  box: { aMax: number } | null,
): { a: number; c: number; rss: number } {
  let sww = 0, svv = 0, swv = 0, sw = 0, sv = 0;
  for (let i = 0; i < w.length; i++) {
    const wi = w[i]!;
    const vi = v[i]!;
    sww += wi * wi;
    svv += vi * vi;
    swv += wi * vi;
    sw += wi;
    sv += vi;
  }
  const candidates: [number, number][] = [];
  const nw = Math.sqrt(sww);
  const nv = Math.sqrt(svv);
  if (nw > 0 && nv > 0) {
    const r = swv / (nw * nv);
    const det = 1 - r * r;
    if (det > 1e-14) {
      const bw = sw / nw;
      const bv = sv / nv;
      candidates.push([(bw - r * bv) / det / nw, (bv - r * bw) / det / nv]);
    }
  }
  if (box === null) {
    if (candidates.length === 0) candidates.push([nw > 0 ? sw / sww : 0, 0]);
  } else {
    const inBox = ([a, c]: [number, number]) => a >= 0 && a <= box.aMax && c >= 0;
    candidates.splice(0, candidates.length, ...candidates.filter(inBox));
    const cAt = (a: number) => (svv > 0 ? Math.max(0, (sv - a * swv) / svv) : 0);
    candidates.push([0, cAt(0)], [box.aMax, cAt(box.aMax)]);
    if (sww > 0) candidates.push([Math.min(box.aMax, Math.max(0, sw / sww)), 0]);
  }
  let best = { a: 0, c: 0, rss: Infinity };
  for (const [a, c] of candidates) {
    const rss = residualSum(w, v, a, c);
    if (rss < best.rss) best = { a, c, rss };
  }
  return best;
}
