/**
 * One full-batch GD epoch (forward, hand-written backward, ||grad||^2, drift, update, one
 * read-back) on MNIST 3 vs 8 (n = 1976) at w = 128, 512, 1024 on each backend, with GFLOP/s at
 * 6 n P flops per epoch printed at the end. Reference: the same epoch in numpy + OpenBLAS
 * (numpy_epoch_reference.py), timed in the same run when python3 with numpy is installed, and the
 * ratio printed; a naive `tf.variableGrads` epoch takes about 21 s on wasm at w = 1024 (the
 * `naive` bench shows the gap at w = 128).
 *
 *   deno bench -A src/train/full_batch_gd_bench.ts
 *   PLBENCH_BENCH_ALL=1 deno bench -A src/train/full_batch_gd_bench.ts   # + webgpu 512/1024, cpu 512
 *
 * The summary gives wall time and the process's CPU time per epoch: wasm runs on one thread, so
 * on a busy machine its CPU time is the better measure of the epoch's cost.
 */
import process from "node:process";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { loadBinaryTask } from "../data/binary_task.ts";
import { createMlp, disposeMlp, type Mlp, mlpForward, mlpParamCount } from "../model/mlp.ts";
import { type DeviceData, disposeDeviceData, toDevice } from "./mlp_backprop.ts";
import { gdStep } from "./full_batch_gd.ts";

type Backend = "wasm" | "webgpu" | "cpu";

const task = await loadBinaryTask({ trainSize: 2000 }); // the default sweep's training set
const all = Deno.env.get("PLBENCH_BENCH_ALL") === "1";
const hasGpu = (await navigator.gpu?.requestAdapter()) != null;

interface Setup {
  key: string;
  data: DeviceData;
  mlp: Mlp;
  theta0: tf.Tensor[];
}
let current: Setup | null = null;
const timings = new Map<string, { width: number; seconds: number[]; cpu: number[] }>();

async function setup(backend: Backend, width: number): Promise<Setup> {
  const key = `${backend} w=${width}`;
  if (current?.key === key) return current;
  if (current !== null) {
    tf.dispose(current.theta0);
    disposeMlp(current.mlp);
    disposeDeviceData(current.data);
  }
  await selectBackend(backend);
  const mlp = createMlp({ inputDim: 784, width, seed: 0 });
  const theta0 = mlp.layers.flatMap(({ w, b }) => [tf.clone(w), tf.clone(b)]);
  current = { key, data: toDevice(task.x, task.y, task.n), mlp, theta0 };
  return current;
}

/** Wall seconds and this process's CPU seconds (user + system, all its threads) since `start`. */
function since(start: { wall: number; cpu: NodeJS.CpuUsage }): { wall: number; cpu: number } {
  const cpu = process.cpuUsage(start.cpu);
  return { wall: (performance.now() - start.wall) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

function now(): { wall: number; cpu: NodeJS.CpuUsage } {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

function record(label: string, width: number, t: { wall: number; cpu: number }): void {
  const entry = timings.get(label) ?? { width, seconds: [], cpu: [] };
  entry.seconds.push(t.wall);
  entry.cpu.push(t.cpu);
  timings.set(label, entry);
}

function epochBench(backend: Backend, width: number, n: number): Deno.BenchDefinition {
  return {
    name: `${backend} w=${width}`,
    group: `w=${width}`,
    baseline: backend === "wasm",
    n,
    warmup: 1,
    ignore: backend === "webgpu" && !hasGpu,
    async fn(b) {
      const { mlp, theta0, data } = await setup(backend, width);
      b.start();
      const started = now();
      // lr 1e-5: a real update that keeps the weights (and the timing) steady over iterations
      const { scalars, next } = gdStep(
        mlp,
        theta0,
        data,
        1e-5,
        true,
        backend === "webgpu" ? "flags" : "explicit",
      );
      await scalars.data();
      mlp.layers.flatMap(({ w, b }) => [w, b]).forEach((v, i) => v.assign(next[i]!));
      record(`${backend} w=${width}`, width, since(started));
      b.end();
      tf.dispose([scalars, ...next]);
    },
  };
}

Deno.bench({
  name: "wasm w=128 naive tf.variableGrads",
  group: "w=128",
  n: 2,
  warmup: 1,
  async fn(b) {
    const { mlp, data } = await setup("wasm", 128);
    b.start();
    const started = now();
    const { value, grads } = tf.variableGrads(() =>
      tf.div(tf.sum(tf.square(tf.sub(mlpForward(mlp, data.x), data.y))), 2 * data.n) as tf.Scalar
    );
    await value.data();
    record("wasm w=128 naive", 128, since(started));
    b.end();
    tf.dispose([value, ...Object.values(grads)]);
  },
});
Deno.bench(epochBench("wasm", 128, 5));
Deno.bench(epochBench("webgpu", 128, 2));
Deno.bench(epochBench("cpu", 128, 1));
Deno.bench(epochBench("wasm", 512, 3));
if (all) Deno.bench(epochBench("webgpu", 512, 1));
if (all) Deno.bench(epochBench("cpu", 512, 1));
Deno.bench(epochBench("wasm", 1024, 3));
if (all) Deno.bench(epochBench("webgpu", 1024, 1));

/** Seconds of the numpy reference epoch at w = 1024, or null without python3 + numpy. */
function numpyReferenceSeconds(): number | null {
  try {
    const script = new URL("./numpy_epoch_reference.py", import.meta.url).pathname;
    const out = new Deno.Command("python3", { args: [script, "1024"], stderr: "null" })
      .outputSync();
    const seconds = Number(new TextDecoder().decode(out.stdout).trim());
    return out.success && Number.isFinite(seconds) ? seconds : null;
  } catch {
    return null;
  }
}
const numpySeconds = numpyReferenceSeconds();

globalThis.addEventListener("unload", () => {
  console.log("\nfull-batch epoch, n = 1976 (timed iterations after calibration and warmup)");
  const mean = (xs: number[]) => {
    const timed = xs.length > 2 ? xs.slice(2) : xs;
    return timed.reduce((a, s) => a + s, 0) / timed.length;
  };
  for (const [label, { width, seconds, cpu }] of timings) {
    const [wall, busy] = [mean(seconds), mean(cpu)];
    const flops = 6 * task.n * mlpParamCount(784, width);
    console.log(
      `${label.padEnd(18)} ${wall.toFixed(3).padStart(7)} s/epoch wall ` +
        `${(flops / wall / 1e9).toFixed(1).padStart(5)} GFLOP/s | ` +
        `${busy.toFixed(3).padStart(7)} s/epoch CPU ${
          (flops / busy / 1e9).toFixed(1).padStart(5)
        } GFLOP/s` +
        (width === 1024 && numpySeconds !== null
          ? `  (numpy + OpenBLAS, same run: ${numpySeconds.toFixed(3)} s; ${
            (wall / numpySeconds).toFixed(2)
          }x)`
          : ""),
    );
  }
});
