import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { lanczosTop, type SymmetricOperator } from "./lanczos.ts";
import { seededRng } from "../util/random.ts";

await selectBackend("wasm");

/** Q diag(eigs) Q^T for a seeded orthogonal Q (Gram-Schmidt in float64), as a dense operator. */
function denseOperator(eigs: number[], seed: number): SymmetricOperator & { matrix: tf.Tensor2D } {
  const n = eigs.length;
  const rng = seededRng(seed);
  const q: Float64Array[] = [];
  while (q.length < n) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    for (const u of q) {
      const c = v.reduce((s, x, i) => s + x * u[i]!, 0);
      v.forEach((_, i) => (v[i] = v[i]! - c * u[i]!));
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  const a = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[k]![i]! * eigs[k]! * q[k]![j]!;
      a[i * n + j] = s;
    }
  }
  const matrix = tf.tensor2d(a, [n, n]);
  return {
    dim: n,
    matrix,
    apply: (v) => tf.reshape(tf.matMul(matrix, tf.reshape(v, [-1, 1])), [-1]) as tf.Tensor1D,
  };
}

Deno.test("lanczosTop() finds the largest eigenvalue of a spectrum with negative and clustered values", async () => {
  const eigs = [5, 4.9, 3, 1, 0.5, 0.1, -2, -7, ...Array.from({ length: 52 }, (_, i) => i / 100)];
  const op = denseOperator(eigs, 3);
  const result = await lanczosTop(op, { maxIters: 60, tol: 1e-6, seed: 1 });
  assert.ok(Math.abs(result.value - 5) < 1e-4, `top ${result.value}`);
  assert.ok(Math.abs(result.lowest + 7) < 1e-3, `lowest ${result.lowest}`);
  assert.ok(result.residual <= 1e-6 * 5 + 1e-6, `residual ${result.residual}`);
  assert.ok(result.iterations < 60, "stops once the residual rule is met");
  // the Ritz vector is a unit eigenvector of 5: ||A y - 5 y|| is small
  const r = tf.tidy(() => tf.norm(tf.sub(op.apply(result.vector), tf.mul(result.vector, 5))));
  assert.ok((await r.data())[0]! < 1e-3);
  tf.dispose([r, result.vector, op.matrix]);
});

Deno.test("lanczosTop() never overshoots lambda_max and its residual bounds the error", async () => {
  const eigs = Array.from({ length: 200 }, (_, i) => 1 + Math.cos(i) + (i === 17 ? 3 : 0));
  const op = denseOperator(eigs, 8);
  const max = Math.max(...eigs);
  for (const maxIters of [1, 2, 3, 5, 8]) {
    const r = await lanczosTop(op, { maxIters, tol: 0, seed: 2 });
    assert.equal(r.iterations, maxIters);
    assert.ok(r.value <= max + 1e-4, `${maxIters} steps: ${r.value} > ${max}`);
    // some eigenvalue lies within the residual of the Ritz value
    const nearest = Math.min(...eigs.map((e) => Math.abs(e - r.value)));
    assert.ok(
      nearest <= r.residual * (1 + 1e-3) + 1e-4,
      `${maxIters}: ${nearest} vs ${r.residual}`,
    );
    r.vector.dispose();
  }
  op.matrix.dispose();
});

Deno.test("lanczosTop() warm-started from the last Ritz vector converges in fewer products", async () => {
  const eigs = Array.from({ length: 300 }, (_, i) => (i === 0 ? 10 : i === 1 ? 9 : Math.sin(i)));
  const op = denseOperator(eigs, 4);
  const cold = await lanczosTop(op, { maxIters: 100, tol: 1e-4, seed: 5 });
  const warm = await lanczosTop(op, { maxIters: 100, tol: 1e-4, seed: 6, start: cold.vector });
  assert.ok(Math.abs(warm.value - 10) < 1e-3);
  assert.ok(warm.iterations < cold.iterations, `${warm.iterations} vs ${cold.iterations}`);
  // a warm start orthogonal to the new top vector still finds it (the random mix)
  const other = denseOperator([...eigs.slice(1), 12], 4);
  const moved = await lanczosTop(other, { maxIters: 100, tol: 1e-4, seed: 7, start: cold.vector });
  assert.ok(Math.abs(moved.value - 12) < 1e-3, `${moved.value}`);
  tf.dispose([cold.vector, warm.vector, moved.vector, op.matrix, other.matrix]);
});

Deno.test("lanczosTop() leaks no tensors and refuses bad settings with the value", async () => {
  const op = denseOperator([3, 2, 1], 0);
  const before = tf.memory().numTensors;
  const r = await lanczosTop(op, { maxIters: 5, seed: 0 });
  assert.equal(tf.memory().numTensors, before + 1, "only the Ritz vector survives");
  r.vector.dispose();
  await assert.rejects(() => lanczosTop(op, { maxIters: 0, seed: 0 }), /maxIters .* got 0/);
  await assert.rejects(() => lanczosTop(op, { maxIters: 3, tol: -1, seed: 0 }), /tol .* got -1/);
  const wrong = tf.ones([4]) as tf.Tensor1D;
  await assert.rejects(() => lanczosTop(op, { maxIters: 3, seed: 0, start: wrong }), /4 entries/);
  tf.dispose([wrong, op.matrix]);
});
