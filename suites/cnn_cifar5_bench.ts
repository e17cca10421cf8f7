/**
 * Cost of the cnn-cifar5 default cell on the wasm backend (c = 8, 1,000 MNIST-fallback images
 * 28x28x1, batch 128, micro-batch 250): the exact full-dataset diagnostics of one epoch, a run of
 * one epoch (diagnostics at epoch 0 and 1 plus the 8 SGD steps; one epoch of a run costs this
 * minus one diagnostics pass) and one NTK probe at k = 32 (160 x 160 kernel by per-sample
 * gradients, then float64 eigenvalues and the spectral distance to K_0).
 *
 *   deno bench -A suites/cnn_cifar5_bench.ts
 */
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/backend/backend.ts";
import { loadFiveClass } from "../src/data/cifar5.ts";
import { buildCnn } from "../src/model/cnn.ts";
import { fullDiagnostics } from "../src/train/sgd_full_diagnostics.ts";
import { trainSgdMomentum } from "../src/train/sgd_momentum.ts";
import { cnnCifar5Suite } from "./cnn_cifar5.ts";
import { NtkProbe } from "./cnn_cifar5_ntk.ts";

await selectBackend("wasm");
const d = cnnCifar5Suite.defaults;
const { set } = await loadFiveClass({
  dataDir: null,
  classes: [0, 1, 2, 3, 4],
  trainSize: Number(d.trainSize),
});
const x = tf.tensor4d(set.x, [set.n, set.height, set.width, set.channels]);
const y = tf.tidy(() => tf.oneHot(tf.tensor1d(set.labels, "int32"), 5).toFloat() as tf.Tensor2D);
const model = () =>
  buildCnn({
    inputShape: [set.height, set.width, set.channels],
    baseChannels: d.width,
    classes: 5,
    groups: Number(d.groups),
    seed: 0,
  });

Deno.bench({
  name: "cnn-cifar5 default: full-dataset loss, gradient and drift (n = 1000)",
  n: 3,
  warmup: 1,
  async fn() {
    const m = model();
    const theta0 = m.variables.map((v) => tf.clone(v));
    await fullDiagnostics(m, theta0, x, y, Number(d.microBatch));
    tf.dispose(theta0);
    m.dispose();
  },
});

Deno.bench({
  name: "cnn-cifar5 default: a one-epoch run (2 diagnostics passes + 8 SGD steps of 128)",
  n: 3,
  warmup: 1,
  async fn() {
    const m = model();
    await trainSgdMomentum(m, x, y, {
      epochs: 1,
      lr: d.lr,
      momentum: 0.9,
      batchSize: Number(d.batchSize),
      microBatch: Number(d.microBatch),
      seed: 0,
    });
    m.dispose();
  },
});

const probeX = tf.slice(x, 0, 32);
Deno.bench({
  name: "cnn-cifar5 default: NTK probe at k = 32 (160 x 160, per-sample gradients + eigenvalues)",
  n: 3,
  warmup: 1,
  async fn() {
    const m = model();
    await new NtkProbe(probeX, 32).probe(m, 0, 0);
    m.dispose();
  },
});
