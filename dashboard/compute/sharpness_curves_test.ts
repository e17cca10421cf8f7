import assert from "node:assert/strict";
import { makeReport } from "../../src/testing/report_factory.ts";
import { rateCurves, sharpnessCurves } from "./sharpness_curves.ts";

function report() {
  const epoch = [0, 1, 2, 3];
  const r = makeReport({ config: { lr: 0.1, outputScale: 2 }, trainSize: 10 });
  r.series = {
    epoch,
    loss: [1, 0.64, 0.4096, 0.262144],
    gradNormSq: [4, 2.56, 1.6384, 1.048576],
    drift: [0, 0, 0, 0],
    lr: [0.1, 0.1, 0.1, 0.1],
    seconds: [0, 1, 2, 3],
    hessian: {
      epoch: [0, 2],
      sharpness: [2, 2],
      residual: [0, 0],
      iterations: [3, 2],
      samples: 10,
      fixedBatch: false,
    },
    fullNtk: {
      epoch: [0, 3],
      lambdaMin: [1, 1],
      lambdaMax: [80, 40],
      kernelShift: [0, 0],
      drift: [0, 0],
      k: 10,
      belowNoiseFloor: [false, false],
    },
  };
  return r;
}

Deno.test("sharpnessCurves() puts lambda_max(H) beside 2/eta and lambda_max(K) / (n alpha^2)", () => {
  const c = sharpnessCurves(report());
  assert.deepEqual(c.sharpness, { x: [0, 2], y: [2, 2] });
  assert.deepEqual(c.edge, { x: [0, 2], y: [20, 20] });
  assert.deepEqual(c.gaussNewtonFull, { x: [0, 3], y: [2, 1] });
  assert.deepEqual(c.gaussNewtonSubset, { x: [], y: [] });
});

Deno.test("rateCurves() gives the per-step log-rates at the probes: on a quadratic the three are known", () => {
  // L = x^2 at lr 0.1 (lambda 2): m = (1 - 0.2)^2 = 0.64 = q; p = 1 - 2 * 0.1 * 2 = 0.6
  const c = rateCurves(report());
  assert.deepEqual(c.measured.x, [0, 2]);
  c.measured.y.forEach((v) => assert.ok(Math.abs(v! + Math.log(0.64)) < 1e-9));
  c.predicted.y.forEach((v) => assert.ok(Math.abs(v! + Math.log(0.64)) < 1e-9));
  c.firstOrder.y.forEach((v) => assert.ok(Math.abs(v! + Math.log(0.6)) < 1e-9));
  assert.equal(c.lStar, 0);
});
