/**
 * The principal branch W0 of the Lambert function, defined by W0(x) e^{W0(x)} = x for x >= -1/e
 * (Corless et al., 1996), computed by Halley's iteration from an asymptotic initial guess.
 */

const INV_E = Math.exp(-1);

/**
 * W0(x) for x >= -1/e, to about machine precision.
 *
 * @example
 * ```ts
 * lambertW0(Math.E); // 1
 * ```
 */
export function lambertW0(x: number): number {
  if (Number.isNaN(x) || x < -INV_E) {
    throw new RangeError(`Cannot evaluate Lambert W0: x must be >= -1/e, got ${x}`);
  }
  if (x === 0) return 0;
  if (x === Infinity) return Infinity;
  let w: number;
  if (x < -0.25) {
    // series at the branch point in p = sqrt(2 (e x + 1))
    const p = Math.sqrt(Math.max(0, 2 * (Math.E * x + 1)));
    w = -1 + p - (p * p) / 3 + (11 / 72) * p * p * p;
  } else if (x < 3) {
    w = Math.log1p(x) * (1 - Math.log1p(Math.log1p(x)) / (2 + Math.log1p(x)));
  } else {
    const l1 = Math.log(x);
    const l2 = Math.log(l1);
    w = l1 - l2 + l2 / l1;
  }
  for (let i = 0; i < 64; i++) {
    const ew = Math.exp(w);
    const f = w * ew - x;
    if (f === 0 || w === -1) break;
    const step = f / (ew * (w + 1) - ((w + 2) * f) / (2 * w + 2));
    w -= step;
    if (Math.abs(step) <= 4e-16 * (1 + Math.abs(w))) break;
  }
  return w;
}

/**
 * W0(e^z) for any real z, without overflow for large z: the positive root of w + log(w) = z.
 *
 * @example
 * ```ts
 * lambertW0Exp(1000); // about 993.1, where exp(1000) itself overflows
 * ```
 */
export function lambertW0Exp(z: number): number {
  if (Number.isNaN(z)) throw new RangeError(`Cannot evaluate Lambert W0(exp(z)): got z = ${z}`);
  if (z === Infinity) return Infinity;
  if (z <= 1) return lambertW0(Math.exp(z));
  // Newton on g(w) = w + log(w) - z, g'(w) = 1 + 1/w, from the asymptotic guess.
  let w = z - Math.log(z);
  for (let i = 0; i < 64; i++) {
    const step = (w + Math.log(w) - z) / (1 + 1 / w);
    w -= step;
    if (Math.abs(step) <= 4e-16 * (1 + Math.abs(w))) break;
  }
  return w;
}
