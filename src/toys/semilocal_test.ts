import assert from "node:assert/strict";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { seededRng } from "../util/random.ts";
import { semilocalConstants, semilocalLoss } from "./semilocal.ts";

const rng = seededRng(3);
const y = Float64Array.from({ length: 4 }, () => rng.normal());
const yNorm = Math.hypot(...y);

/** A uniform-ish random point of the ball B((a0, 0), radius). */
function pointInBall(a0: number, radius: number): Float64Array {
  const v = Float64Array.from({ length: y.length + 1 }, () => rng.normal());
  const scale = (radius * rng.uniform() ** (1 / v.length)) / Math.hypot(...v);
  v.forEach((vi, i) => (v[i] = vi * scale + (i === 0 ? a0 : 0)));
  return v;
}

Deno.test("semilocalLoss() gradient matches central finite differences to 1e-7", () => {
  const h = 1e-6;
  for (let k = 0; k < 20; k++) {
    const x = pointInBall(2, 3);
    const { grad } = semilocalLoss(x, y);
    for (let i = 0; i < x.length; i++) {
      const plus = Float64Array.from(x);
      const minus = Float64Array.from(x);
      plus[i]! += h;
      minus[i]! -= h;
      const fd = (semilocalLoss(plus, y).loss - semilocalLoss(minus, y).loss) / (2 * h);
      assert(Math.abs(grad[i]! - fd) < 1e-7 * Math.max(1, Math.abs(fd)));
    }
  }
});

Deno.test("semilocal PL ||grad f||^2 >= 2 mu f holds at 2000 random points of the ball", () => {
  for (const a0 of [0.5, 2, 5]) {
    const c = semilocalConstants(a0, yNorm);
    for (let k = 0; k < 2000 / 3; k++) {
      const { loss, grad } = semilocalLoss(pointInBall(a0, c.rho), y);
      const gradSq = grad.reduce((s, g) => s + g * g, 0);
      assert(gradSq >= 2 * c.mu * loss * (1 - 1e-12), `a0 ${a0}`);
    }
  }
});

Deno.test("semilocal L bounds the finite-difference Hessian's spectrum on the ball", () => {
  // reference: Hessian by central differences of the gradient (error ~1e-8), eigenvalues by
  // ml-matrix; L must bound |lambda| everywhere on B(x0, |a0| / 2)
  const h = 1e-5;
  for (const a0 of [1, 3]) {
    const c = semilocalConstants(a0, yNorm);
    let worst = 0;
    for (let k = 0; k < 200; k++) {
      const x = pointInBall(a0, c.rho);
      const rows = Array.from({ length: x.length }, (_, i) => {
        const plus = Float64Array.from(x);
        const minus = Float64Array.from(x);
        plus[i]! += h;
        minus[i]! -= h;
        const gp = semilocalLoss(plus, y).grad;
        const gm = semilocalLoss(minus, y).grad;
        return Array.from(gp, (g, j) => (g - gm[j]!) / (2 * h));
      });
      const hess = new Matrix(rows);
      const sym = hess.add(hess.transpose()).mul(0.5);
      const eig = new EigenvalueDecomposition(sym).realEigenvalues;
      worst = Math.max(worst, ...eig.map(Math.abs));
    }
    assert(worst <= c.L, `a0 ${a0}: max |eigenvalue| ${worst} > L ${c.L}`);
    assert(worst > 0.3 * c.L, `a0 ${a0}: L ${c.L} should not be loose by more than 3x (${worst})`);
  }
});

Deno.test("semilocalConstants() puts the thresholds at a0^2/4 and a0^2/8 equal to ||y*||", () => {
  const c = semilocalConstants(2, 1);
  assert.equal(c.mu, 1);
  assert.equal(c.flowRadius, 1); // sqrt(2 * 0.5 / 1) = rho: exactly at the threshold
  assert.equal(c.rho, 1);
  assert.equal(c.flowThresholdMet, true);
  assert.equal(semilocalConstants(1.99, 1).flowThresholdMet, false);
  assert(Math.abs(semilocalConstants(Math.sqrt(8), 1).gdRadius - Math.sqrt(2)) < 1e-15);
  assert.equal(semilocalConstants(2.83, 1).gdThresholdMet, true);
  assert.equal(semilocalConstants(2.82, 1).gdThresholdMet, false);
  assert.throws(() => semilocalConstants(0, 1), /got a0 0, \|\|y\*\|\| 1/);
});
