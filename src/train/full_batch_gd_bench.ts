/**
 * One full-batch GD epoch (forward, hand-written backward, ||grad||^2, drift, update, one
 * read-back) on MNIST 3 vs 8: n = 1976 (trainSize 1976) at w = 128, 512, 1024 on plain wasm and on
 * the BLAS path (wasm with its matrix products on the system BLAS), and n = 11,982 (every three and
 * eight of the official training set) at w = 1024 on the BLAS path, with GFLOP/s at 6 n P flops per
 * epoch printed at the end. Reference: the same epochs in numpy + OpenBLAS with one thread per core
 * (numpy_epoch_reference.py), timed in the same run when python3 with numpy is installed, and the
 * ratio printed; a naive `tf.variableGrads` epoch takes about 21 s on wasm at w = 1024 (the `naive`
 * bench shows the gap at w = 128).
 *
 *   deno bench -A src/train/full_batch_gd_bench.ts
 *   PLBENCH_BENCH_BACKENDS=webgpu,blas deno bench -A src/train/full_batch_gd_bench.ts
 *   PLBENCH_BENCH_ALL=1 ...   # + cpu at w = 512
 *
 * The summary gives wall time and the process's CPU time per epoch.
 */
import * as tf from "@tensorflow/tfjs";
import { loadBlas } from "../blas/blas_library.ts";
import { type Dataset } from "../data/dataset.ts";
import { loadBinaryTask } from "../data/binary_task.ts";
import { createMlp, disposeMlp, type Mlp, mlpForward, mlpParamCount } from "../model/mlp.ts";
import { type DeviceData, disposeDeviceData, toDevice } from "./mlp_backprop.ts";
import { gdStep } from "./full_batch_gd.ts";
import {
  type BenchBackend,
  benchBackends,
  numpyEpochSeconds,
  type Timing,
  timingSince,
  timingStart,
} from "./bench_support.ts";
import { selectBackend } from "../backend/backend.ts";

const small = await loadBinaryTask({ trainSize: 1976 });
const full = await loadBinaryTask({ trainSize: 0 }); // all 11,982 threes and eights
const backends = await benchBackends();
const hasBlas = loadBlas() !== null;
const all = Deno.env.get("PLBENCH_BENCH_ALL") === "1";

interface Setup {
  key: string;
  data: DeviceData;
  mlp: Mlp;
  theta0: tf.Tensor[];
}
let current: Setup | null = null;
const timings = new Map<string, { width: number; n: number; runs: Timing[] }>();

async function setup(backend: BenchBackend, width: number, task: Dataset): Promise<Setup> {
  const key = `${backend} w=${width} n=${task.n}`;
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

function record(label: string, width: number, n: number, t: Timing): void {
  const entry = timings.get(label) ?? { width, n, runs: [] };
  entry.runs.push(t);
  timings.set(label, entry);
}

function epochBench(backend: BenchBackend, width: number, iterations: number, task = small) {
  const label = `${backend} w=${width} n=${task.n}`;
  Deno.bench({
    name: label,
    group: `w=${width} n=${task.n}`,
    baseline: backend === "wasm",
    n: iterations,
    warmup: 1,
    ignore: !backends.includes(backend),
    async fn(b) {
      const { mlp, theta0, data } = await setup(backend, width, task);
      b.start();
      const started = timingStart();
      // lr 1e-5: a real update that keeps the weights (and the timing) steady over iterations;
      // the transpose mode is the trainer's default for the backend
      const mode = backend === "wasm" || backend === "cpu" ? "explicit" : "flags";
      const { scalars, next } = gdStep(mlp, theta0, data, 1e-5, true, mode);
      await scalars.data();
      mlp.layers.flatMap(({ w, b }) => [w, b]).forEach((v, i) => v.assign(next[i]!));
      record(label, width, task.n, timingSince(started));
      b.end();
      tf.dispose([scalars, ...next]);
    },
  });
}

Deno.bench({
  name: "wasm w=128 naive tf.variableGrads",
  group: `w=128 n=${small.n}`,
  n: 2,
  warmup: 1,
  ignore: !backends.includes("wasm"),
  async fn(b) {
    const { mlp, data } = await setup("wasm", 128, small);
    b.start();
    const started = timingStart();
    const { value, grads } = tf.variableGrads(() =>
      tf.div(tf.sum(tf.square(tf.sub(mlpForward(mlp, data.x), data.y))), 2 * data.n) as tf.Scalar
    );
    await value.data();
    record("wasm w=128 naive", 128, small.n, timingSince(started));
    b.end();
    tf.dispose([value, ...Object.values(grads)]);
  },
});
for (const [width, wasmN, fastN] of [[128, 5, 10], [512, 3, 5], [1024, 3, 5]] as const) {
  epochBench("wasm", width, wasmN);
  epochBench("blas", width, fastN);
  epochBench("webgpu", width, fastN);
}
if (all) epochBench("cpu", 512, 1);
epochBench("blas", 1024, 3, full);
if (backends.includes("blas") && !hasBlas) console.log("blas benches skipped: no system BLAS");

// numpy + OpenBLAS, one thread per core, for every (width, n) timed above
const numpy = new Map<string, number | null>();
const sizes: Array<[number, number]> = [
  [128, small.n],
  [512, small.n],
  [1024, small.n],
  [1024, full.n],
];
for (const [width, n] of sizes) numpy.set(`${width}/${n}`, numpyEpochSeconds(width, n));

/** "0.123 s/epoch (45.6 GFLOP/s)" of a timed label, or null. */
function perEpoch(label: string): string | null {
  const t = timings.get(label);
  if (t === undefined) return null;
  const wall = t.runs.slice(t.runs.length > 2 ? 2 : 0).reduce(
    (a, r, _, rs) => a + r.wall / rs.length,
    0,
  );
  const flops = 6 * t.n * mlpParamCount(784, t.width);
  return `${wall.toFixed(3)} s/epoch (${(flops / wall / 1e9).toFixed(1)} GFLOP/s)`;
}

globalThis.addEventListener("unload", () => {
  const threads = navigator.hardwareConcurrency;
  for (const [width, n] of sizes) {
    const [gpu, cpu] = [perEpoch(`webgpu w=${width} n=${n}`), perEpoch(`blas w=${width} n=${n}`)];
    if (gpu !== null) {
      console.log(`w=${width} n=${n}: webgpu ${gpu} | native CPU (blas) ${cpu ?? "not timed"}`);
    }
  }
  console.log("\nfull-batch epoch (timed iterations after calibration and warmup)");
  const mean = (xs: number[]) => {
    const timed = xs.length > 2 ? xs.slice(2) : xs;
    return timed.reduce((a, s) => a + s, 0) / timed.length;
  };
  for (const [label, { width, n, runs }] of timings) {
    const wall = mean(runs.map((r) => r.wall));
    const busy = mean(runs.map((r) => r.cpu));
    const flops = 6 * n * mlpParamCount(784, width);
    const reference = label.includes("naive") ? null : numpy.get(`${width}/${n}`) ?? null;
    console.log(
      `${label.padEnd(22)} ${wall.toFixed(3).padStart(7)} s/epoch wall ` +
        `${(flops / wall / 1e9).toFixed(1).padStart(5)} GFLOP/s | ` +
        `${busy.toFixed(3).padStart(7)} s/epoch CPU` +
        (reference === null
          ? ""
          : `  (numpy + OpenBLAS ${threads} threads, same run: ${reference.toFixed(3)} s; ${
            (wall / reference).toFixed(2)
          }x)`),
    );
  }
});
