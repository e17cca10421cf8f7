import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { calibrate, CALIBRATION, calibrationName } from "./calibration.ts";
import { blasMatMulLibrary } from "../blas/wasm_matmul.ts";
import { ignoreWithout, OPENBLAS } from "../testing/system_parts.ts";

Deno.test("calibrate() times the matMul loop near its FLOP count and leaves no tensors", async () => {
  await selectBackend("wasm");
  const before = tf.memory().numTensors;
  const c = await calibrate("wasm");
  assert.equal(tf.memory().numTensors, before);
  assert.equal(c.name, calibrationName("wasm"));
  const flops = 2 * CALIBRATION.size ** 3 * CALIBRATION.matMuls;
  const gflops = flops / c.seconds / 1e9;
  // wasm measures ~17-28 GFLOP/s here; anything from 0.5 to 500 means the timer measured the loop.
  assert.ok(gflops > 0.5 && gflops < 500, `calibration at ${gflops} GFLOP/s`);
});

Deno.test({
  name:
    "calibrate('wasm') times the stock kernels while BLAS runs the products, then hands them back",
  ignore: await ignoreWithout(import.meta.url, OPENBLAS),
  async fn() {
    await selectBackend("blas");
    const blas = blasMatMulLibrary();
    assert.notEqual(blas, null);
    const c = await calibrate("wasm");
    assert.equal(c.name, calibrationName("wasm"));
    assert.equal(blasMatMulLibrary(), blas, "the BLAS kernels are back");
    await selectBackend("wasm");
  },
});
