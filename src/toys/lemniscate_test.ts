import assert from "node:assert/strict";
import { curvePoint, lemniscateLoss, type LemniscateParam, limitParameter } from "./lemniscate.ts";

const FIGURE_2 = { u: 4, v: -1, y: -3 };
const PARAMS: LemniscateParam[] = ["S", "L"];

Deno.test("curvePoint() lies on the lemniscate (a^2 + b^2)^2 = a^2 - b^2 to 1e-15", () => {
  for (const param of PARAMS) {
    for (let theta = -7; theta <= 7; theta += 0.013) {
      const { a, b } = curvePoint(param, theta);
      assert(Math.abs((a * a + b * b) ** 2 - (a * a - b * b)) < 1e-15, `F_${param}(${theta})`);
    }
  }
});

Deno.test("curvePoint() derivatives match central finite differences to 1e-8", () => {
  const h = 1e-6;
  for (const param of PARAMS) {
    for (let theta = -4; theta <= 4; theta += 0.07) {
      const p = curvePoint(param, theta);
      const plus = curvePoint(param, theta + h);
      const minus = curvePoint(param, theta - h);
      assert(Math.abs(p.da - (plus.a - minus.a) / (2 * h)) < 1e-8, `a'_${param}(${theta})`);
      assert(Math.abs(p.db - (plus.b - minus.b) / (2 * h)) < 1e-8, `b'_${param}(${theta})`);
    }
  }
});

Deno.test("F_S travels the curve at squared speed >= 1/2 with equality, so lambda_S* = 1/2", () => {
  let min = Infinity;
  for (let i = 0; i <= 200_000; i++) {
    const p = curvePoint("S", (2 * Math.PI * i) / 200_000);
    min = Math.min(min, p.da * p.da + p.db * p.db);
  }
  // grid spacing 3e-5 around a quadratic minimum: the sampled minimum is within 1e-8 of 1/2
  assert(min >= 0.5 - 1e-12 && min < 0.5 + 1e-8, `min speed^2 ${min}`);
});

Deno.test("limitParameter() for Figure 2 reaches the line's lower crossing of the lemniscate", () => {
  // independent reference: the crossing of b = 4a + 3 with the lemniscate, by bisection on a in
  // [-1, -0.75] of q(a) = (a^2 + b^2)^2 - (a^2 - b^2) (the lower of the two crossings)
  const q = (a: number) => {
    const b = 4 * a + 3;
    return (a * a + b * b) ** 2 - (a * a - b * b);
  };
  let lo = -1;
  let hi = -0.75;
  assert(Math.sign(q(lo)) !== Math.sign(q(hi)));
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (Math.sign(q(mid)) === Math.sign(q(lo))) lo = mid;
    else hi = mid;
  }
  for (const param of PARAMS) {
    const p = curvePoint(param, limitParameter(param, FIGURE_2));
    assert(Math.abs(p.a - lo) < 1e-12, `F_${param}(theta*).a = ${p.a}, crossing at ${lo}`);
    assert(Math.abs(p.b - (4 * lo + 3)) < 1e-12);
  }
});

Deno.test("lambda_L* = ||F_L'(theta_L*)||^2 is 4.05e-3, the value the paper gives for Figure 2", () => {
  const p = curvePoint("L", limitParameter("L", FIGURE_2));
  const lambdaL = p.da * p.da + p.db * p.db;
  // the paper prints 4.05 x 10^-3 (three digits): tolerance half a unit of the last digit
  assert(Math.abs(lambdaL - 4.05e-3) < 5e-6, `lambda_L* = ${lambdaL}`);
});

Deno.test("mu^2 = g^2 / ||F'||^2 at the limit is the same for both parametrizations to 1e-9", () => {
  const mu2 = PARAMS.map((param) => {
    const p = curvePoint(param, limitParameter(param, FIGURE_2));
    const { g } = lemniscateLoss(FIGURE_2, p);
    return (g * g) / (p.da * p.da + p.db * p.db);
  });
  assert(Math.abs(mu2[0]! - mu2[1]!) < 1e-9 * mu2[0]!, `mu^2: ${mu2}`);
});

Deno.test("lemniscateLoss() derivative matches finite differences of the loss to 1e-7", () => {
  const h = 1e-6;
  for (const param of PARAMS) {
    for (const theta of [-1.3, 0, 0.4, 2.2]) {
      const loss = (t: number) => lemniscateLoss(FIGURE_2, curvePoint(param, t)).loss;
      const fd = (loss(theta + h) - loss(theta - h)) / (2 * h);
      const { grad } = lemniscateLoss(FIGURE_2, curvePoint(param, theta));
      assert(Math.abs(grad - fd) < 1e-7 * Math.max(1, Math.abs(fd)), `${param} ${theta}`);
    }
  }
});

Deno.test("limitParameter() refuses a line that misses the lemniscate", () => {
  assert.throws(
    () => limitParameter("L", { u: 4, v: -1, y: -30 }),
    /the line 4 a \+ -1 b = -30 meets no point of F_L/,
  );
});
