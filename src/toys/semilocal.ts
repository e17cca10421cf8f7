/**
 * The two-block network of the semilocal-PL slides: x = (a, w) with a in R, w in R^d,
 * H(a, w) = a w, f(x) = 1/2 ||a w - y*||^2, started at w0 = 0 (so H(x0) = 0, f(x0) = ||y*||^2 / 2,
 * f* = 0, reached on the hyperbola a w = y*).
 *
 * Derivation of the constants (with r = a w - y*):
 * - grad f = (w . r, a r); J_H = [w | a I_d], so J J^T = w w^T + a^2 I and
 *   ||grad f||^2 = r^T (w w^T + a^2 I) r >= a^2 ||r||^2 = 2 a^2 f. Hence PL holds with mu = min a^2.
 * - On the ball B(x0, rho) with rho = |a0| / 2 (the slides' choice r = sigma_r = |a0| / 2):
 *   |a| >= |a0| / 2, so mu = a0^2 / 4.
 * - Flow: the iterates stay in B(x0, sqrt(2 f(x0) / mu)) = B(x0, 2 ||y*|| / |a0|), which lies inside
 *   rho iff a0^2 / 4 >= ||y*|| (the slides' threshold).
 * - GD with step 1/L: the ball is sqrt(8 f(x0) / mu) = 4 ||y*|| / |a0|, inside rho iff
 *   a0^2 / 8 >= ||y*||.
 * - Smoothness on B(x0, rho): the Hessian is [[||w||^2, (2 a w - y*)^T], [2 a w - y*, a^2 I]]; its
 *   eigenvalues are a^2 (on the complement of 2 a w - y* in the w block) and those of the 2 x 2 matrix
 *   [[||w||^2, c], [c, a^2]] with c = ||2 a w - y*||, all within [-c, max(||w||^2, a^2) + c]. With
 *   |a| <= 3 |a0| / 2 and ||w|| <= |a0| / 2 on the ball: L = 9 a0^2 / 4 + 3 a0^2 / 2 + ||y*||
 *   = 15 a0^2 / 4 + ||y*||.
 * Raising |a0| raises mu but L with it (mu / L <= 1/15): the slides' caveat for discrete algorithms.
 */
import type { LossAndGrad } from "./gradient_descent.ts";

/** f and grad f at x = (a, w_1..w_d) for target y (length d). */
export function semilocalLoss(x: Float64Array, y: Float64Array): LossAndGrad {
  const d = y.length;
  if (x.length !== d + 1) {
    throw new RangeError(
      `Cannot evaluate semilocal loss: x must have length d + 1 = ${d + 1}, got ${x.length}`,
    );
  }
  const a = x[0]!;
  const grad = new Float64Array(d + 1);
  let loss = 0;
  let wr = 0;
  for (let i = 0; i < d; i++) {
    const w = x[i + 1]!;
    const r = a * w - y[i]!;
    loss += 0.5 * r * r;
    wr += w * r;
    grad[i + 1] = a * r;
  }
  grad[0] = wr;
  return { loss, grad };
}

/**
 * lambda_max of the Hessian at x = (a, w) in closed form: the Hessian [[||w||^2, c^T], [c, a^2 I]]
 * with c = 2 a w - y* has eigenvalue a^2 on the w-directions orthogonal to c, and on the span of
 * (1, 0) and (0, c / ||c||) those of [[||w||^2, ||c||], [||c||, a^2]], whose larger one is the top.
 *
 * @example
 * ```ts
 * semilocalSharpness(Float64Array.of(2, 0), Float64Array.of(0)); // 4
 * ```
 */
export function semilocalSharpness(x: Float64Array, y: Float64Array): number {
  const a = x[0]!;
  let w2 = 0;
  let c2 = 0;
  for (let i = 0; i < y.length; i++) {
    const w = x[i + 1]!;
    w2 += w * w;
    c2 += (2 * a * w - y[i]!) ** 2;
  }
  return (w2 + a * a) / 2 + Math.sqrt(((w2 - a * a) / 2) ** 2 + c2);
}

/** The PL and smoothness constants, radii and thresholds of the derivation above. */
export interface SemilocalConstants {
  /** Radius of the ball around x0 on which mu and L hold: |a0| / 2. */
  rho: number;
  mu: number;
  L: number;
  /** sqrt(2 f(x0) / mu): where the flow stays. */
  flowRadius: number;
  /** sqrt(8 f(x0) / mu): where GD with step 1/L stays. */
  gdRadius: number;
  /** a0^2 / 4 >= ||y*||: the flow's ball lies where PL holds. */
  flowThresholdMet: boolean;
  /** a0^2 / 8 >= ||y*||: the GD ball lies where PL holds. */
  gdThresholdMet: boolean;
}

/**
 * Constants for a0 != 0 and target norm ||y*|| > 0.
 *
 * @example
 * ```ts
 * semilocalConstants(4, 1).mu; // 4
 * ```
 */
export function semilocalConstants(a0: number, yNorm: number): SemilocalConstants {
  if (!(Math.abs(a0) > 0) || !(yNorm > 0)) {
    throw new RangeError(
      `Cannot derive semilocal constants: a0 must be non-zero and ||y*|| > 0, got a0 ${a0}, ` +
        `||y*|| ${yNorm}`,
    );
  }
  const mu = (a0 * a0) / 4;
  const f0 = (yNorm * yNorm) / 2;
  return {
    rho: Math.abs(a0) / 2,
    mu,
    L: (15 * a0 * a0) / 4 + yNorm,
    flowRadius: Math.sqrt((2 * f0) / mu),
    gdRadius: Math.sqrt((8 * f0) / mu),
    flowThresholdMet: (a0 * a0) / 4 >= yNorm,
    gdThresholdMet: (a0 * a0) / 8 >= yNorm,
  };
}
