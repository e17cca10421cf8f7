/**
 * Bernoulli's lemniscate toy of Robin, Scaman and Lelarge (Section 4.2): one parameter theta, a
 * parametrization F : R -> R^2 of the lemniscate (a^2 + b^2)^2 = a^2 - b^2, and the quadratic loss
 * l(a, b) = (a u + b v - y)^2 (Figure 2: u = 4, v = -1, y = -3, so l = (4a - b + 3)^2).
 *
 * F_S(theta) = (cos / (1 + sin^2), sin cos / (1 + sin^2)), 2 pi-periodic and surjective;
 * F_L(theta) = ((1 - theta^4), 2 theta (1 - theta^2)) / (1 + 6 theta^2 + theta^4), the punctured one.
 *
 * Near the limit theta*, with g = u a'(theta*) + v b'(theta*), the loss contracts per GD step by
 * (1 - 2 eta g^2)^2, i.e. at rate 4 g^2 per unit time for the flow; g^2 = mu^2 ||F'(theta*)||^2 where
 * mu^2 = g^2 / ||F'||^2 depends only on the angle between (u, v) and the lemniscate's tangent, not on
 * the parametrization, while lambda = ||F'(theta*)||^2 is the speed at which F travels the curve.
 */

/** Which parametrization of the lemniscate. */
export type LemniscateParam = "S" | "L";

/** The linear target: samples on the line R (u, v) with label y. */
export interface LemniscateProblem {
  u: number;
  v: number;
  y: number;
}

/** A point of the curve with the derivative of the parametrization there. */
export interface CurvePoint {
  a: number;
  b: number;
  da: number;
  db: number;
}

/**
 * F(theta) and F'(theta) for parametrization S or L.
 *
 * @example
 * ```ts
 * curvePoint("L", 0); // { a: 1, b: 0, da: 0, db: 2 }
 * ```
 */
export function curvePoint(param: LemniscateParam, theta: number): CurvePoint {
  if (param === "S") {
    const s = Math.sin(theta);
    const c = Math.cos(theta);
    const d = 1 + s * s;
    return {
      a: c / d,
      b: (s * c) / d,
      da: (-s * (3 - s * s)) / (d * d),
      db: ((c * c - s * s) * d - 2 * s * s * c * c) / (d * d),
    };
  }
  const t2 = theta * theta;
  const n1 = 1 - t2 * t2;
  const n2 = 2 * theta * (1 - t2);
  const d = 1 + 6 * t2 + t2 * t2;
  const dd = 12 * theta + 4 * theta * t2;
  return {
    a: n1 / d,
    b: n2 / d,
    da: (-4 * theta * t2 * d - n1 * dd) / (d * d),
    db: ((2 - 6 * t2) * d - n2 * dd) / (d * d),
  };
}

/**
 * The second derivatives (a'', b'') of the parametrization at theta (closed forms, derived
 * symbolically from F_S and F_L).
 *
 * @example
 * ```ts
 * curveSecondDerivative("L", 0); // { daa: -12, dbb: 0 }
 * ```
 */
export function curveSecondDerivative(
  param: LemniscateParam,
  theta: number,
): { daa: number; dbb: number } {
  if (param === "S") {
    const s = Math.sin(theta);
    const d = 1 + s * s;
    const c2 = Math.cos(2 * theta) - 3;
    return {
      daa: (Math.cos(theta) * (-(s ** 4) + 12 * s * s - 3)) / (d * d * d),
      dbb: (28 * Math.sin(2 * theta) + 6 * Math.sin(4 * theta)) / (c2 * c2 * c2),
    };
  }
  const t2 = theta * theta;
  const d = t2 * t2 + 6 * t2 + 1;
  const d3 = d * d * d;
  return {
    daa: (4 * (9 * t2 ** 4 - 8 * t2 ** 3 + 18 * t2 * t2 + 48 * t2 - 3)) / d3,
    dbb: (-4 * theta * (t2 ** 4 - 24 * t2 ** 3 - 30 * t2 * t2 - 32 * t2 + 21)) / d3,
  };
}

/**
 * The loss's second derivative d^2 L / dtheta^2 = 2 (g^2 + r g'), g' = u a'' + v b'': the
 * lemniscate's whole Hessian (one parameter), in closed form.
 */
export function lemniscateCurvature(
  param: LemniscateParam,
  problem: LemniscateProblem,
  theta: number,
): number {
  const { residual, g } = lemniscateLoss(problem, curvePoint(param, theta));
  const { daa, dbb } = curveSecondDerivative(param, theta);
  return 2 * (g * g + residual * (problem.u * daa + problem.v * dbb));
}

/** Residual r = a u + b v - y, loss r^2, and its derivative dL/dtheta = 2 r g with g = u a' + v b'. */
export function lemniscateLoss(
  problem: LemniscateProblem,
  p: CurvePoint,
): { residual: number; loss: number; grad: number; g: number } {
  const residual = p.a * problem.u + p.b * problem.v - problem.y;
  const g = problem.u * p.da + problem.v * p.db;
  return { residual, loss: residual * residual, grad: 2 * residual * g, g };
}

/**
 * The zero of the loss that gradient descent from theta0 = 0 reaches: the first root of the residual
 * in the descent direction (found by a scan of step 1e-3 up to |theta| = 100, then bisection to the
 * last bit). Throws when there is none, e.g. when the line misses the lemniscate.
 */
export function limitParameter(param: LemniscateParam, problem: LemniscateProblem): number {
  const at = (theta: number) => lemniscateLoss(problem, curvePoint(param, theta));
  const start = at(0);
  if (start.residual === 0) return 0;
  const dir = start.grad > 0 ? -1 : 1;
  const h = 1e-3;
  let lo = 0;
  for (let k = 1; k <= 100_000; k++) {
    const hi = dir * k * h;
    if (Math.sign(at(hi).residual) !== Math.sign(start.residual)) {
      let x0 = lo;
      let x1 = hi;
      for (let i = 0; i < 200; i++) {
        const mid = (x0 + x1) / 2;
        if (mid === x0 || mid === x1) break;
        if (Math.sign(at(mid).residual) === Math.sign(start.residual)) x0 = mid;
        else x1 = mid;
      }
      return Math.abs(at(x0).residual) <= Math.abs(at(x1).residual) ? x0 : x1;
    }
    lo = hi;
  }
  throw new RangeError(
    `Cannot find the limit of the lemniscate flow: the line ${problem.u} a + ${problem.v} b = ` +
      `${problem.y} meets no point of F_${param} within |theta| <= 100`,
  );
}
