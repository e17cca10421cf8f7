import assert from "node:assert/strict";
import { lazyLoss, lazyProblem, twoLayerForward } from "./two_layer.ts";
import { seededRng } from "../util/random.ts";

const { problem, theta0 } = lazyProblem(1, 6, 3, 8);

Deno.test("lazyProblem() starts from f(x; theta0) = 0 up to rounding (antisymmetric pairs)", () => {
  for (const f of twoLayerForward(theta0, problem)) assert(Math.abs(f) < 1e-15);
  assert.equal(theta0.length, 8 * 3 + 8);
  assert.throws(() => lazyProblem(0, 6, 3, 7), /width must be an even integer >= 2.*got width 7/);
});

Deno.test("lazyLoss() gradient matches central finite differences to 1e-8", () => {
  const rng = seededRng(4);
  const theta = theta0.map((t) => t + 0.3 * rng.normal());
  for (const alpha of [0.5, 10]) {
    const { grad } = lazyLoss(theta, problem, alpha);
    const h = 1e-6;
    for (let q = 0; q < theta.length; q++) {
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[q]! += h;
      minus[q]! -= h;
      const fd = (lazyLoss(plus, problem, alpha).loss - lazyLoss(minus, problem, alpha).loss) /
        (2 * h);
      assert(Math.abs(grad[q]! - fd) < 1e-8, `alpha ${alpha}, entry ${q}: ${grad[q]} vs ${fd}`);
    }
  }
});

Deno.test("lazyLoss() at theta0 is sum y^2 / (2 n alpha^2), the scaled loss of a zero output", () => {
  for (const alpha of [1, 4]) {
    const expected = problem.y.reduce((s, v) => s + v * v, 0) / (2 * 6 * alpha * alpha);
    assert(Math.abs(lazyLoss(theta0, problem, alpha).loss - expected) < 1e-15);
  }
});
