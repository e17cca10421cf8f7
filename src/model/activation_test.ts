import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import {
  activate,
  activate64,
  activationCurvature,
  ACTIVATIONS,
  activationSlope,
  activationSlope64,
  checkActivation,
} from "./activation.ts";

// points away from ReLU's kink (where central differences straddle it), plus the kink itself
const Z = [-40, -3.5, -0.7, -0.01, 0, 0.02, 0.9, 4.2, 35];

Deno.test("activate64() and activationSlope64() are Softplus and ReLU, each slope the central difference of its function", () => {
  assert.equal(activate64(-2, "relu"), 0);
  assert.equal(activate64(3, "relu"), 3);
  assert.ok(Math.abs(activate64(0, "softplus") - Math.LN2) < 1e-15);
  assert.ok(Math.abs(activate64(35, "softplus") - 35) < 1e-14);
  const h = 1e-6;
  for (const activation of ACTIVATIONS) {
    for (const z of Z.filter((v) => v !== 0)) {
      const fd = (activate64(z + h, activation) - activate64(z - h, activation)) / (2 * h);
      const slope = activationSlope64(z, activation);
      assert.ok(Math.abs(fd - slope) < 1e-8, `${activation} at ${z}: ${fd} vs ${slope}`);
    }
  }
  assert.equal(activationSlope64(0, "relu"), 0);
});

Deno.test("activate() and activationSlope() on the device equal the float64 host values to float32 rounding", async () => {
  await selectBackend("wasm");
  const z = tf.tensor2d([Z]);
  for (const activation of ACTIVATIONS) {
    const [values, slopes] = tf.tidy(
      () => [activate(z, activation), activationSlope(z, activation)],
    );
    const got = await values!.data();
    const gotSlope = await slopes!.data();
    Z.forEach((v, i) => {
      const want = activate64(v, activation);
      assert.ok(Math.abs(got[i]! - want) <= 1e-6 * (1 + Math.abs(want)), `${activation}(${v})`);
      const wantSlope = activationSlope64(v, activation);
      assert.ok(Math.abs(gotSlope[i]! - wantSlope) <= 1e-6, `${activation}'(${v})`);
    });
    tf.dispose([values!, slopes!]);
  }
  z.dispose();
});

Deno.test("the device ReLU slope is tfjs's own ReLU gradient, kink included", async () => {
  await selectBackend("wasm");
  const z = tf.tensor1d(Z);
  const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.relu(t)))(z);
  const slope = activationSlope(z.reshape([1, Z.length]) as tf.Tensor2D, "relu");
  assert.deepEqual(Array.from(await slope.data()), Array.from(await grad.data()));
  tf.dispose([z, grad, slope]);
});

Deno.test("checkActivation() names an unknown activation and the known ones", () => {
  assert.equal(checkActivation("relu"), "relu");
  assert.throws(
    () => checkActivation("tanh"),
    /Unknown activation "tanh": expected one of softplus, relu/,
  );
});

Deno.test("activationCurvature() on the device is the central difference of the host slope", async () => {
  await selectBackend("wasm");
  const z = tf.tensor2d([Z]);
  const h = 1e-5;
  for (const activation of ACTIVATIONS) {
    const curvature = activationCurvature(z, activation);
    const got = await curvature.data();
    Z.filter((v) => v !== 0).forEach((v) => {
      const i = Z.indexOf(v);
      const fd = (activationSlope64(v + h, activation) - activationSlope64(v - h, activation)) /
        (2 * h);
      assert.ok(Math.abs(got[i]! - fd) <= 1e-6, `${activation}''(${v}): ${got[i]} vs ${fd}`);
    });
    curvature.dispose();
  }
  z.dispose();
});
