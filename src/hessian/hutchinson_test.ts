import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { hutchinsonTrace, rademacher } from "./hutchinson.ts";

await selectBackend("wasm");

function operator(m: tf.Tensor2D) {
  return {
    dim: m.shape[0],
    apply: (v: tf.Tensor1D) =>
      tf.reshape(tf.matMul(m, tf.reshape(v, [-1, 1])), [-1]) as tf.Tensor1D,
  };
}

Deno.test("hutchinsonTrace() is exact on a diagonal and within 3 standard errors on a dense matrix", async () => {
  const d = tf.diag(tf.tensor1d([3, -1, 2, 0.5])) as tf.Tensor2D;
  assert.ok(Math.abs(await hutchinsonTrace(operator(d), 1, 0, 0) - 4.5) < 1e-6);
  // A = ones (n x n): z^T A z = (sum z)^2, mean n, variance 2 n (n - 1)
  const n = 20;
  const a = tf.ones([n, n]) as tf.Tensor2D;
  const probes = 400;
  const estimate = await hutchinsonTrace(operator(a), probes, 1, 0);
  const se = Math.sqrt((2 * n * (n - 1)) / probes);
  assert.ok(Math.abs(estimate - n) < 3 * se, `${estimate} vs ${n} +- ${se}`);
  tf.dispose([d, a]);
});

Deno.test("rademacher() draws +-1 only, seeded; hutchinsonTrace() refuses zero probes", async () => {
  const z = rademacher(1000, 4, 2);
  assert.ok(z.every((v) => v === 1 || v === -1));
  assert.deepEqual(z, rademacher(1000, 4, 2));
  assert.notDeepEqual(z, rademacher(1000, 4, 3));
  const d = tf.eye(2) as tf.Tensor2D;
  await assert.rejects(() => hutchinsonTrace(operator(d), 0, 0, 0), /positive integer, got 0/);
  d.dispose();
});
