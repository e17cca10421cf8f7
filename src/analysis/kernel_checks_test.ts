import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import type { NtkSeries } from "../report/schema.ts";
import { symmetricEigenvalues } from "../linalg/sym_eigen.ts";
import { createMlp, disposeMlp } from "../model/mlp.ts";
import { NtkTracker } from "../ntk/ntk_tracker.ts";
import { finiteDifferenceJacobian, flatParams, mlpForward64 } from "../ntk/test_nets.ts";
import { disposeDeviceData, toDevice } from "../train/mlp_backprop.ts";
import { trainFullBatchGd } from "../train/full_batch_gd.ts";
import {
  kernelShiftRatio,
  lambdaMinFloor,
  lambdaMinResolved,
  ntkConsistency,
} from "./kernel_checks.ts";

await tf.setBackend("cpu");

const XS = [[1, 0, 0.5], [0, 1, -1], [1, 1, 0], [-0.5, 2, 1], [0.3, -1, 2], [2, 0.1, -0.4]];
const YS = [1, -1, 1, -1, 1, -1];
const ALPHA = 4;

/** A tiny MLP (4 hidden layers of 4, alpha = 4) trained 20 epochs with the full kernel tracked. */
async function tinyRun() {
  const n = XS.length;
  const mlp = createMlp({ inputDim: 3, width: 4, seed: 3, outputScale: ALPHA });
  const data = toDevice(Float32Array.from(XS.flat()), Float32Array.from(YS), n);
  const tracker = new NtkTracker({
    probeInputs: data.x,
    fullInputs: data.x,
    epochs: 20,
    probeEvery: 10,
  });
  const result = await trainFullBatchGd(mlp, data, { epochs: 20, lr: 0.05, probe: tracker });
  const theta = flatParams(mlp.layers.flatMap(({ w, b }) => [w, b]));
  disposeDeviceData(data);
  disposeMlp(mlp);
  return { series: { ...result.series, ...tracker.result() }, theta };
}

Deno.test("the full-kernel identity holds on a tiny MLP whose kernel is computed by brute force", async () => {
  const { series, theta } = await tinyRun();
  const full = series.fullNtk!;
  assert.deepEqual(full.epoch, [0, 20]);
  // brute force at the final weights: float64 Jacobian of alpha f by central differences
  const dims = [3, 4, 4, 4, 4, 1];
  const n = XS.length;
  const p = theta.length;
  const jac = finiteDifferenceJacobian((t, x) => mlpForward64(dims, t, x), theta, XS, 1);
  const kernel = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < p; q++) s += jac[i * p + q]! * jac[j * p + q]!;
      kernel[i * n + j] = ALPHA * ALPHA * s;
    }
  }
  const lambdaMin = symmetricEigenvalues({ n, data: kernel })[0]!;
  assert.ok(
    Math.abs(full.lambdaMin[1]! / lambdaMin - 1) < 1e-3,
    `${full.lambdaMin[1]} vs ${lambdaMin}`,
  );
  // ||grad L||^2 = r^T K r / (n alpha^2)^2 with r = alpha f - y: the trainer's float32 value
  const r = XS.map((x, i) => ALPHA * mlpForward64(dims, theta, x)[0]! - YS[i]!);
  let rKr = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rKr += r[i]! * kernel[i * n + j]! * r[j]!;
  const gradNormSq = rKr / (n * ALPHA * ALPHA) ** 2;
  assert.ok(Math.abs(series.gradNormSq[20]! / gradNormSq - 1) < 1e-3, `${series.gradNormSq[20]}`);
  // so the check passes, with the bound lambda_min / (n alpha^2) below the measured ratio
  assert.deepEqual(ntkConsistency(full, series, ALPHA), { violation: 0, suspect: false });
});

Deno.test("the full-kernel check fails when the kernel's numbers are wrong", async () => {
  const { series } = await tinyRun();
  const full = series.fullNtk!;
  // an eigensolver that returned lambda_max for lambda_min: the bound exceeds the Rayleigh quotient
  const broken: NtkSeries = { ...full, lambdaMin: full.lambdaMax, noiseFloor: [0, 0] };
  const check = ntkConsistency(broken, series, ALPHA);
  assert.equal(check.suspect, true, `violation ${check.violation}`);
  // a lambda_min twice the measured ratio allows: violation (2 - 1) / 2 at the last probe
  const ratio = series.gradNormSq[20]! / (2 * series.loss[20]!);
  const twice = [full.lambdaMin[0]!, 2 * ratio * XS.length * ALPHA * ALPHA];
  const over = ntkConsistency({ ...full, lambdaMin: twice, noiseFloor: [0, 0] }, series, ALPHA);
  assert.ok(Math.abs(over.violation! - 0.5) < 1e-12 && over.suspect === true);
  // within float32 tolerance (0.5% over) the numbers are not suspect
  const slight = [full.lambdaMin[0]!, 1.005 * ratio * XS.length * ALPHA * ALPHA];
  const noFloor = { ...full, lambdaMin: slight, noiseFloor: undefined };
  assert.equal(ntkConsistency(noFloor, series, ALPHA).suspect, false);
  // and the check reads lambda_min at the low end of its error bar: 2x over, but a floor as large
  // as lambda_min / 2 leaves the bound at the measured ratio
  const floors = [0, twice[1]! / 2];
  assert.equal(
    ntkConsistency({ ...full, lambdaMin: twice, noiseFloor: floors }, series, ALPHA).violation,
    0,
  );
  assert.equal(ntkConsistency(undefined, series).violation, null);
});

Deno.test("lambdaMinResolved() needs lambda_min above the noise floor at every probe", async () => {
  const { series } = await tinyRun();
  const full = series.fullNtk!;
  assert.equal(lambdaMinResolved(full), true); // a well-conditioned 6 x 6 kernel
  const low = { ...full, noiseFloor: [full.noiseFloor![0]!, full.lambdaMin[1]!] };
  assert.equal(lambdaMinResolved(low), false);
  assert.equal(lambdaMinResolved({ ...full, noiseFloor: undefined }), null);
});

Deno.test("lambdaMinFloor() is the smallest lambda_min over the probes and its ratio to lambda_0", () => {
  const ntk = { lambdaMin: [2, 0.5, 1.5] } as NtkSeries;
  assert.deepEqual(lambdaMinFloor(ntk), { floor: 0.5, ratio: 0.25 });
  assert.deepEqual(lambdaMinFloor(undefined), { floor: null, ratio: null });
  assert.deepEqual(lambdaMinFloor({ lambdaMin: [-1e-9, 1] } as NtkSeries), {
    floor: -1e-9,
    ratio: null,
  });
});

Deno.test("kernelShiftRatio() is the kernel's largest move over its initial lambda_min", () => {
  const ntk = {
    epoch: [0, 10, 20],
    lambdaMin: [2, 2.5, 3],
    lambdaMax: [40, 50, 60],
    kernelShift: [0, 0.4, 1],
    drift: [0, 0.1, 0.2],
    k: 8,
    belowNoiseFloor: [false, false, false],
  };
  assert.equal(kernelShiftRatio(ntk), 0.5);
  assert.equal(kernelShiftRatio({ ...ntk, lambdaMin: [0, 1, 1] }), null);
  assert.equal(kernelShiftRatio(undefined), null);
});
