import assert from "node:assert/strict";
import { crossEntropy, lambertBound, separableData, separationMargin } from "./logistic.ts";
import { seededRng } from "../util/random.ts";

const data = separableData(0, 15, 3, 4, 0.3);

Deno.test("separableData() is seeded, labels each sample by argmax <zeta_i, x> with the margin", () => {
  assert.deepEqual(separableData(0, 15, 3, 4, 0.3), data);
  assert(separationMargin(data.zeta, data) >= 0.3);
  for (let k = 0; k < data.n; k++) {
    const s = [0, 1, 2, 3].map((i) =>
      [0, 1, 2].reduce((acc, j) => acc + data.zeta[i * 3 + j]! * data.x[k * 3 + j]!, 0)
    );
    assert.equal(data.labels[k], s.indexOf(Math.max(...s)));
  }
  assert.throws(() => separableData(0, 5, 2, 3, 50), /only 0 of 5 samples cleared margin 50/);
  assert.throws(() => separableData(0, 5, 2, 1, 0.1), /got n 5, d 2, c 1, margin 0.1/);
});

Deno.test("crossEntropy() is log c at theta = 0 and its gradient matches finite differences", () => {
  const zero = crossEntropy(new Float64Array(12), data);
  assert(Math.abs(zero.loss - Math.log(4)) < 1e-15);
  const rng = seededRng(5);
  const theta = Float64Array.from({ length: 12 }, () => rng.normal());
  const { grad } = crossEntropy(theta, data);
  const h = 1e-6;
  for (let i = 0; i < theta.length; i++) {
    const plus = Float64Array.from(theta);
    const minus = Float64Array.from(theta);
    plus[i]! += h;
    minus[i]! -= h;
    const fd = (crossEntropy(plus, data).loss - crossEntropy(minus, data).loss) / (2 * h);
    assert(Math.abs(grad[i]! - fd) < 1e-8, `component ${i}: ${grad[i]} vs ${fd}`);
  }
});

Deno.test("the functional KL inequality ||grad L||^2 >= eps^2 kappa^2 (1 - e^-L)^2 holds", () => {
  // the inequality Proposition 4.5 integrates, with kappa = 1/n; checked at 300 random theta
  const eps = separationMargin(data.zeta, data);
  const kappa = 1 / data.n;
  const rng = seededRng(9);
  for (let k = 0; k < 300; k++) {
    const scale = 3 * rng.uniform();
    const theta = Float64Array.from({ length: 12 }, () => scale * rng.normal());
    const { loss, grad } = crossEntropy(theta, data);
    const gradSq = grad.reduce((s, g) => s + g * g, 0);
    assert(gradSq >= (eps * kappa * -Math.expm1(-loss)) ** 2);
  }
});

Deno.test("lambertBound() starts at L0 and solves dB/dt = -eps^2 kappa^2 (1 - e^-B)^2", () => {
  const [l0, eps, kappa] = [Math.log(3), 0.5, 0.05];
  assert(Math.abs(lambertBound(0, l0, eps, kappa) - l0) < 1e-12);
  const a = eps * eps * kappa * kappa;
  for (const t of [10, 1e3, 1e5]) {
    const h = 1e-3 * t;
    const deriv = (lambertBound(t + h, l0, eps, kappa) - lambertBound(t - h, l0, eps, kappa)) /
      (2 * h);
    const b = lambertBound(t, l0, eps, kappa);
    const rhs = -a * Math.expm1(-b) ** 2;
    // central difference with h = 1e-3 t: truncation error ~1e-6 relative
    assert(Math.abs(deriv / rhs - 1) < 1e-5, `t ${t}: ${deriv} vs ${rhs}`);
  }
  // far out, the bound is 1 / (eps^2 kappa^2 t) to first order (the O(1/t) regime)
  const t = 1e12;
  assert(Math.abs(lambertBound(t, l0, eps, kappa) * a * t - 1) < 1e-4);
  assert.throws(() => lambertBound(-1, l0, eps, kappa), /got L0 1.0986\d*, t -1/);
});
