import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { selectBackend } from "../backend/backend.ts";
import { loadBinaryTask } from "../data/binary_task.ts";
import { float32NoiseFloor } from "../linalg/spectrum.ts";
import { symmetricEigenvalues } from "../linalg/sym_eigen.ts";
import { createMlp, disposeMlp } from "../model/mlp.ts";
import { structuredNtk } from "./structured_ntk.ts";
import { structuredNtk64 } from "./structured_ntk64.ts";
import { finiteDifferenceJacobian, flatParams, mlpForward64, smallMlp } from "./test_nets.ts";

function hostLayers(layers: { w: tf.Tensor; b: tf.Tensor }[]) {
  return layers.map(({ w, b }) => ({
    w: w.dataSync(),
    b: b.dataSync(),
    fanIn: w.shape[0]!,
    fanOut: w.shape[1]!,
  }));
}

Deno.test("structuredNtk64() equals J J^T from float64 central differences to 1e-7", async () => {
  await tf.setBackend("cpu");
  const dims = [4, 6, 5, 1];
  const mlp = smallMlp(dims, 2, 3);
  const xs = [[1, 0, 0.5, -1], [0, 1, -1, 2], [1, 1, 0, 0], [-0.5, 2, 1, 0.3], [0.3, -1, 2, 1]];
  const n = xs.length;
  const kernel = structuredNtk64(hostLayers(mlp.layers), xs.flat(), n, 4, 3);
  const theta = flatParams(mlp.variables);
  const p = theta.length;
  const jac = finiteDifferenceJacobian((t, x) => mlpForward64(dims, t, x), theta, xs, 1);
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < p; q++) s += jac[i * p + q]! * jac[j * p + q]!;
      scale = Math.max(scale, Math.abs(9 * s));
      diff = Math.max(diff, Math.abs(kernel[i * n + j]! - 9 * s));
    }
  }
  assert.ok(diff < 1e-7 * scale, `${diff} of ${scale}`);
  tf.dispose(mlp.variables);
});

/**
 * The float32 noise floor of lambda_min against float64 kernels of the same weights, on 40 real
 * MNIST digits, where digit 1 is replaced by digit 0 with ten pixels moved by delta: the smaller
 * delta, the closer the kernel is to singular (lambda_min about 3 delta^2 here). Measured: the
 * device error is at most 0.1 of the floor; lambda_min under the floor is off by 20% to 7000x.
 */
for (const backend of ["cpu", "wasm"] as const) {
  Deno.test(`the float32 noise floor bounds the ${backend} kernel's lambda_min error`, async () => {
    await selectBackend(backend);
    const ds = await loadBinaryTask({ dataDir: null, digits: [3, 8], labels: "pm1" });
    const d = 784;
    const n = 40;
    let flaggedWrong = 0;
    for (const width of [16, 64]) {
      const mlp = createMlp({ inputDim: d, width, seed: 1 });
      const layers = hostLayers(mlp.layers);
      for (const delta of [null, 1e-1, 1e-3, 1e-4]) {
        const x = Float32Array.from(ds.x.subarray(0, n * d));
        if (delta !== null) {
          x.copyWithin(d, 0, d);
          for (let p = 300; p < 310; p++) x[d + p] = Math.fround(x[p]! + delta);
        }
        const device = tf.tidy(() => structuredNtk(mlp, tf.tensor2d(x, [n, d])));
        const k32 = Float64Array.from(await device.data());
        device.dispose();
        const truth = symmetricEigenvalues({ n, data: structuredNtk64(layers, x, n, d) })[0]!;
        const measured = symmetricEigenvalues({ n, data: k32 })[0]!;
        const floor = float32NoiseFloor(k32, n, width);
        const what = `width ${width}, delta ${delta}: ${measured} vs ${truth}, floor ${floor}`;
        // the floor bounds the error, so a lambda_min above it is good to floor / lambda_min
        assert.ok(Math.abs(measured - truth) <= floor, what);
        if (delta === null || delta === 1e-1) assert.ok(measured > 10 * floor, what);
        // and a lambda_min under it is not resolved: wrong by more than half
        if (delta !== null && delta <= 1e-3) {
          assert.ok(measured <= floor, what);
          if (Math.abs(measured - truth) > 0.5 * truth) flaggedWrong++;
        }
      }
      disposeMlp(mlp);
    }
    assert.equal(flaggedWrong, 4); // every flagged kernel was indeed wrong
  });
}
