/**
 * Derivative-free minimisers for the few nonlinear parameters of the decay fits: golden-section
 * search on an interval and Nelder-Mead in two dimensions on a box. Both are started from the
 * best point of a coarse grid, so they only refine a minimum the grid has already bracketed.
 */

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * Minimises `f` on [lo, hi] by golden-section search (the interval shrinks by 0.618 per step).
 *
 * @example
 * goldenSection((x) => (x - 2) ** 2, 0, 5).x; // 2 (to 1e-10)
 */
export function goldenSection(
  f: (x: number) => number,
  lo: number,
  hi: number,
  iterations = 80,
): { x: number; value: number } {
  let a = lo;
  let b = hi;
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < iterations; i++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - GOLDEN * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + GOLDEN * (b - a);
      fd = f(d);
    }
  }
  return fc <= fd ? { x: c, value: fc } : { x: d, value: fd };
}

/** A point of the plane with the value of the minimised function there. */
interface Vertex {
  p: [number, number];
  value: number;
}

/**
 * Minimises `f` over the box [lo, hi] (per coordinate) by Nelder-Mead from `start` with initial
 * steps `step`; points outside the box are clamped onto it. Stops when the simplex's values agree
 * to `tolerance` (absolute) or after `iterations` steps.
 *
 * @example
 * nelderMead2((p) => (p[0] - 1) ** 2 + (p[1] + 2) ** 2, [0, 0], [0.5, 0.5], [-5, -5], [5, 5]).p;
 * // [1, -2] (to about 1e-6)
 */
export function nelderMead2(
  f: (p: [number, number]) => number,
  start: [number, number],
  step: [number, number],
  lo: [number, number],
  hi: [number, number],
  iterations = 400,
  tolerance = 1e-12,
): { p: [number, number]; value: number } {
  const clamp = (p: [number, number]): [number, number] => [
    Math.min(hi[0], Math.max(lo[0], p[0])),
    Math.min(hi[1], Math.max(lo[1], p[1])),
  ];
  const at = (p: [number, number]): Vertex => {
    const q = clamp(p);
    return { p: q, value: f(q) };
  };
  const s: Vertex[] = [
    at(start),
    at([start[0] + step[0], start[1]]),
    at([start[0], start[1] + step[1]]),
  ];
  const along = (from: [number, number], to: [number, number], t: number): [number, number] => [
    from[0] + t * (to[0] - from[0]),
    from[1] + t * (to[1] - from[1]),
  ];
  for (let i = 0; i < iterations; i++) {
    s.sort((a, b) => a.value - b.value);
    const [best, good, worst] = s as [Vertex, Vertex, Vertex];
    if (Math.abs(worst.value - best.value) <= tolerance) break;
    const centre: [number, number] = [(best.p[0] + good.p[0]) / 2, (best.p[1] + good.p[1]) / 2];
    const reflected = at(along(centre, worst.p, -1));
    if (reflected.value < best.value) {
      const expanded = at(along(centre, worst.p, -2));
      s[2] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < good.value) {
      s[2] = reflected;
    } else {
      const contracted = at(along(centre, worst.p, 0.5));
      if (contracted.value < worst.value) {
        s[2] = contracted;
      } else {
        s[1] = at(along(best.p, good.p, 0.5));
        s[2] = at(along(best.p, worst.p, 0.5));
      }
    }
  }
  s.sort((a, b) => a.value - b.value);
  return { p: s[0]!.p, value: s[0]!.value };
}
