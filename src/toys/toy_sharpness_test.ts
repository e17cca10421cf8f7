import assert from "node:assert/strict";
import { gradientDescent, type LossAndGrad } from "./gradient_descent.ts";
import { denseHessianOf, topEigenvalue, toySharpness } from "./toy_sharpness.ts";
import {
  curvePoint,
  curveSecondDerivative,
  lemniscateCurvature,
  lemniscateLoss,
  type LemniscateParam,
} from "./lemniscate.ts";
import { semilocalLoss, semilocalSharpness } from "./semilocal.ts";
import { crossEntropy, crossEntropyHessian, separableData } from "./logistic.ts";
import type { Series } from "../report/schema.ts";

/** Runs GD with the sharpness probe and returns the series with the probed points. */
function probedRun(
  f: (theta: Float64Array) => LossAndGrad,
  theta0: Float64Array,
  o: { lr: number; epochs: number; stepsPerEpoch: number; every: number },
) {
  const sharpness = toySharpness(f, { ...o, samples: 1 });
  const points: Float64Array[] = [];
  const gd = gradientDescent(f, theta0, {
    ...o,
    probe: {
      epochs: sharpness.probe.epochs,
      run(epoch, theta, at) {
        points.push(Float64Array.from(theta));
        sharpness.probe.run(epoch, theta, at);
      },
    },
  });
  const series: Series = { ...gd.series, hessian: sharpness.series };
  return { series, points };
}

function close(got: number | null, want: number, rel: number, what: string) {
  assert.ok(
    got !== null && Math.abs(got - want) <= rel * Math.max(1, Math.abs(want)),
    `${what}: ${got} vs ${want}`,
  );
}

const problem = { u: 4, v: -1, y: -3 };

Deno.test("the lemniscate's closed-form a'' and b'' are the derivatives of a' and b'", () => {
  for (const param of ["S", "L"] as LemniscateParam[]) {
    for (const theta of [-2.1, -0.7, 0, 0.3, 1.4, 2.9]) {
      const h = 1e-6;
      const up = curvePoint(param, theta + h);
      const down = curvePoint(param, theta - h);
      const { daa, dbb } = curveSecondDerivative(param, theta);
      close(daa, (up.da - down.da) / (2 * h), 1e-7, `F_${param} a'' at ${theta}`);
      close(dbb, (up.db - down.db) / (2 * h), 1e-7, `F_${param} b'' at ${theta}`);
    }
  }
});

Deno.test("the lemniscate's sharpness along its runs is its closed-form second derivative", () => {
  for (const param of ["S", "L"] as LemniscateParam[]) {
    const f = (theta: Float64Array) => {
      const l = lemniscateLoss(problem, curvePoint(param, theta[0]!));
      return { loss: l.loss, grad: Float64Array.of(l.grad) };
    };
    const { series, points } = probedRun(f, Float64Array.of(0), {
      lr: 1e-3,
      epochs: 400,
      stepsPerEpoch: 5,
      every: 5,
    });
    points.forEach((theta, k) =>
      close(
        series.hessian!.sharpness[k]!,
        lemniscateCurvature(param, problem, theta[0]!),
        1e-6,
        `F_${param} epoch ${series.hessian!.epoch[k]}`,
      )
    );
  }
});

Deno.test("the aw problem's sharpness along its runs is its closed form", () => {
  const y = Float64Array.of(0.6, -0.8, 0.3);
  const f = (x: Float64Array) => semilocalLoss(x, y);
  for (const a0 of [1, 3]) {
    const L = (15 * a0 * a0) / 4 + Math.hypot(...y);
    const { series, points } = probedRun(f, Float64Array.of(a0, 0, 0, 0), {
      lr: 1 / L,
      epochs: 60,
      stepsPerEpoch: 1,
      every: 2,
    });
    points.forEach((x, k) =>
      close(series.hessian!.sharpness[k]!, semilocalSharpness(x, y), 1e-6, `a0 ${a0} probe ${k}`)
    );
  }
});

Deno.test("the logistic problem's sharpness along its run is the top eigenvalue of its closed-form Hessian", () => {
  const data = separableData(1, 20, 4, 3, 0.5);
  const f = (theta: Float64Array) => crossEntropy(theta, data);
  const { series, points } = probedRun(f, new Float64Array(12), {
    lr: 0.5,
    epochs: 100,
    stepsPerEpoch: 20,
    every: 10,
  });
  points.forEach((theta, k) =>
    close(
      series.hessian!.sharpness[k]!,
      topEigenvalue(crossEntropyHessian(theta, data), 12),
      1e-6,
      `probe ${k}`,
    )
  );
  // one step from each probed point, beside the recorded epochs 20 steps apart
  points.forEach((theta, k) => {
    const g = f(theta).grad;
    close(
      series.hessian!.nextLoss![k]!,
      f(theta.map((t, i) => t - 0.5 * g[i]!)).loss,
      1e-12,
      "next",
    );
  });
});

Deno.test("denseHessianOf() is exact on a quadratic and toySharpness() probes on its schedule only", () => {
  const a = [[2, 1], [1, 3]];
  const f = (x: Float64Array) => ({
    loss: 0.5 * (2 * x[0]! ** 2 + 2 * x[0]! * x[1]! + 3 * x[1]! ** 2),
    grad: Float64Array.of(2 * x[0]! + x[1]!, x[0]! + 3 * x[1]!),
  });
  const h = denseHessianOf(f, Float64Array.of(0.3, -2));
  a.flat().forEach((v, i) => assert.ok(Math.abs(h[i]! - v) < 1e-8));
  assert.ok(Math.abs(topEigenvalue(h, 2) - (5 + Math.sqrt(5)) / 2) < 1e-8);
  const { probe } = toySharpness(f, { lr: 0.1, epochs: 25, every: 10, samples: 1 });
  assert.deepEqual([...probe.epochs], [0, 10, 20, 25]);
  assert.equal(toySharpness(f, { lr: 0.1, epochs: 25, every: 0, samples: 1 }).probe.epochs.size, 0);
});
