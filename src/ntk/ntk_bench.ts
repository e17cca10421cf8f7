/**
 * NTK probe cost at width 1024 (the paper's widest MLP, 3,953,665 parameters): the structured
 * formula at k = 64 and k = 256 against the per-sample Jacobian path at k = 64, plus the full
 * training-set kernel (n = 1976). The per-sample path at k = 256 takes over a minute a
 * round; it runs with NTK_BENCH_PER_SAMPLE_256=1.
 *
 *   deno bench -A src/ntk/ntk_bench.ts                      # wasm
 *   NTK_BENCH_BACKEND=webgpu deno bench -A src/ntk/ntk_bench.ts
 *
 * The WebGPU backend on the software adapter is slow: there only the structured k = 64 and
 * k = 256 probes run unless NTK_BENCH_PER_SAMPLE=1.
 */
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { createMlp, mlpForward } from "../model/mlp.ts";
import { perSampleNtk } from "./per_sample_ntk.ts";
import { structuredNtk, structuredNtkBlocked } from "./structured_ntk.ts";

const backend = (Deno.env.get("NTK_BENCH_BACKEND") ?? "wasm") as "wasm" | "webgpu" | "cpu";
const env = await selectBackend(backend);
const slow = backend !== "wasm";
const perSample = !slow || Deno.env.get("NTK_BENCH_PER_SAMPLE") === "1";
const perSample256 = Deno.env.get("NTK_BENCH_PER_SAMPLE_256") === "1";

const mlp = createMlp({ inputDim: 784, width: 1024, seed: 0 });
const variables = mlp.layers.flatMap((l) => [l.w, l.b]);
const inputs = (n: number) => tf.randomUniform([n, 784], 0, 1, "float32", n) as tf.Tensor2D;
const x64 = inputs(64);
const x256 = inputs(256);
const x1976 = inputs(1976);
const label = `${env.backend} (${env.adapter ?? "no adapter"})`;

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
  fn: () => probe(structuredNtk(mlp, x64)),
});

Deno.bench({
  name: `per-sample k=64 w=1024 ${label}`,
  group: "k=64",
  ignore: !perSample,
  n: 1,
  warmup: 0,
  fn: () =>
    probe(perSampleNtk({ variables, apply: (x) => mlpForward(mlp, x as tf.Tensor2D) }, x64)),
});

Deno.bench({
  name: `structured k=256 w=1024 ${label}`,
  group: "k=256",
  baseline: true,
  n: slow ? 2 : 5,
  warmup: 1,
  fn: () => probe(structuredNtk(mlp, x256)),
});

Deno.bench({
  name: `per-sample k=256 w=1024 ${label}`,
  group: "k=256",
  ignore: !perSample256,
  n: 1,
  warmup: 0,
  fn: () =>
    probe(perSampleNtk({ variables, apply: (x) => mlpForward(mlp, x as tf.Tensor2D) }, x256)),
});

Deno.bench({
  name: `full kernel n=1976 w=1024 (blocks of 256) ${label}`,
  group: "full",
  ignore: slow,
  n: 2,
  warmup: 0,
  fn: async () => {
    await structuredNtkBlocked(mlp, x1976, 256);
  },
});
