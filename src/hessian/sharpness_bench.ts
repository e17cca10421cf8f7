/**
 * What one sharpness probe costs against one training epoch on the same backend, at the default
 * sweep's size (MNIST 3 vs 8, w = 128, n = 2000), and how accurate the default budget is.
 *
 * - `epoch`: one full-batch GD epoch (forward, backward, update, one read-back), the unit;
 * - `probe, cold start`: the forward and backward pass at the point kept for the products, then
 *   Lanczos from a random vector with the default budget (hessianIters 20, stopping at a relative
 *   residual of 1e-3), as the first probe of a run does;
 * - `probe, warm start`: the same ten epochs later (the default schedule), warm-started from the
 *   previous probe's Ritz vector, as every later probe of a run does.
 *
 * At the end it prints each probe's mean time over the epoch's (the ratio, measured in this run)
 * and the default probes' relative error against a converged Lanczos (300 products, residual
 * 1e-9) at the same point.
 *
 *   deno bench -A src/hessian/sharpness_bench.ts
 *   PLBENCH_BENCH_BACKENDS=wasm deno bench -A src/hessian/sharpness_bench.ts
 */
import * as tf from "@tensorflow/tfjs";
import { loadBinaryTask } from "../data/binary_task.ts";
import { createMlp } from "../model/mlp.ts";
import { toDevice, type TransposeMode } from "../train/mlp_backprop.ts";
import { gdStep } from "../train/full_batch_gd.ts";
import { selectBackend } from "../backend/backend.ts";
import { benchBackends } from "../train/bench_support.ts";
import { HESSIAN_DEFAULTS } from "../config/hessian_keys.ts";
import { mlpCurvatureAt, mlpParameters } from "./mlp_hvp.ts";
import { type LanczosResult, lanczosTop } from "./lanczos.ts";

const backend = (await benchBackends()).includes("blas") ? "blas" : "wasm";
await selectBackend(backend);
const mode: TransposeMode = backend === "blas" ? "flags" : "explicit";
const task = await loadBinaryTask({ trainSize: 2000 });
const data = toDevice(task.x, task.y, task.n);
const mlp = createMlp({ inputDim: 784, width: 128, seed: 0 });
const variables = mlpParameters(mlp);
const theta0 = variables.map((v) => tf.clone(v));
const LR = 0.003;
const budget = { maxIters: HESSIAN_DEFAULTS.hessianIters, seed: 0 };

async function step(update: boolean, lr = LR): Promise<void> {
  const { scalars, next } = gdStep(mlp, theta0, data, lr, update, mode);
  await scalars.data();
  next.forEach((t, i) => variables[i]!.assign(t));
  tf.dispose([scalars, ...next]);
}

/** A probe at the current weights with the default budget, from `start` (null: cold). */
async function probe(start: tf.Tensor1D | null): Promise<LanczosResult> {
  const h = await mlpCurvatureAt(mlp, data, "hessian", mode);
  try {
    return await lanczosTop(h, { ...budget, start });
  } finally {
    h.dispose();
  }
}

// The default schedule: a cold probe at epoch 0, then ten epochs, then a warm probe.
const atStart = await probe(null);
for (let e = 0; e < 10; e++) await step(true);
const previous = atStart.vector;

const times: Record<string, number[]> = { epoch: [], cold: [], warm: [] };
const iterations: Record<string, number[]> = { cold: [], warm: [] };
const values: Record<string, number[]> = { cold: [], warm: [] };

Deno.bench({
  name: `${backend}: epoch, w=128 n=${task.n}`,
  group: "sharpness",
  baseline: true,
  n: 20,
  warmup: 2,
  async fn(b) {
    b.start();
    const t = performance.now();
    // lr 1e-9: a real update that keeps the point (and the probes below) where they are
    await step(true, 1e-9);
    times.epoch!.push(performance.now() - t);
    b.end();
  },
});

for (const kind of ["cold", "warm"] as const) {
  Deno.bench({
    name: `${backend}: sharpness probe, ${kind} start`,
    group: "sharpness",
    n: 5,
    warmup: 1,
    async fn(b) {
      b.start();
      const t = performance.now();
      const r = await probe(kind === "cold" ? null : previous);
      times[kind]!.push(performance.now() - t);
      b.end();
      iterations[kind]!.push(r.iterations);
      values[kind]!.push(r.value);
      r.vector.dispose();
    },
  });
}

globalThis.addEventListener("unload", () => {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const epoch = mean(times.epoch!);
  console.log(`\nsharpness probe against one training epoch (${backend}, w = 128, n = ${task.n})`);
  console.log(`epoch: ${epoch.toFixed(1)} ms`);
  for (const kind of ["cold", "warm"] as const) {
    const t = mean(times[kind]!);
    console.log(
      `probe, ${kind} start: ${t.toFixed(1)} ms = ${(t / epoch).toFixed(2)} epochs ` +
        `(${mean(iterations[kind]!).toFixed(1)} Hessian-vector products)`,
    );
  }
});

// Accuracy of the default budget against a converged Lanczos at the same point (epoch 10).
const converged = await (async () => {
  const h = await mlpCurvatureAt(mlp, data, "hessian", mode);
  try {
    return await lanczosTop(h, { maxIters: 300, tol: 1e-9, seed: 7 });
  } finally {
    h.dispose();
  }
})();
for (const [kind, start] of [["cold", null], ["warm", previous]] as const) {
  const r = await probe(start);
  console.log(
    `default budget, ${kind} start: lambda_max ${r.value.toFixed(4)} in ${r.iterations} ` +
      `products against ${converged.value.toFixed(4)} converged (${converged.iterations} ` +
      `products, residual ${converged.residual.toExponential(1)}): relative error ` +
      `${(Math.abs(r.value - converged.value) / converged.value).toExponential(2)}`,
  );
  r.vector.dispose();
}
converged.vector.dispose();
