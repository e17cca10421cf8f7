/**
 * `lazy-scaling-mlp`: the lazy-training experiment of `lazy-scaling` on the binary-MNIST MLP of
 * `mlp-mnist`, trained by its full-batch GD on 1/(2 n alpha^2) sum (alpha f - y)^2 (MLP option
 * outputScale = alpha). The MLP's output at initialisation is not zero, so the model is centred the
 * way Chizat, Oyallon and Bach do: alpha (f - f0) is fitted to y, which is the same loss as alpha f
 * fitted to the shifted targets y + alpha f0(x). Without the centring, alpha f0 grows with alpha
 * and the drift does not shrink like 1/alpha.
 *
 * One cell per alpha (grid axis), like `lazy-scaling`; its `fitDriftExponent(reports, key, suite)`
 * gives the cross-run exponent. No closed-form linearized reference here (see `lazy-scaling`).
 */
import * as tf from "@tensorflow/tfjs";
import type { RunConfig } from "../src/config/run_config.ts";
import { COMMON_KEYS } from "../src/config/common_keys.ts";
import {
  checkIdxDir,
  loadBinaryTask,
  OFFICIAL_3V8_COUNTS,
  trainSizeProblem,
} from "../src/data/binary_task.ts";
import { inputSize } from "../src/data/dataset.ts";
import { OFFICIAL_MNIST_PACKAGE } from "../src/data/official_mnist.ts";
import { countParams, createMlp, disposeMlp, mlpForward } from "../src/model/mlp.ts";
import { disposeDeviceData, toDevice } from "../src/train/mlp_backprop.ts";
import { trainFullBatchGd } from "../src/train/full_batch_gd.ts";
import type { RunContext, RunOutcome, Suite } from "../src/config/suite.ts";
import { driftLikeOneOverAlpha } from "./lazy_scaling_claims.ts";
import { mlpMnistMemory } from "./mlp_mnist_memory.ts";

async function runLazyMlp(config: RunConfig, ctx: RunContext): Promise<RunOutcome> {
  const alpha = Number(config.alpha);
  const ds = await loadBinaryTask({
    dataDir: ctx.dataDir,
    digits: [3, 8],
    labels: "pm1",
    trainSize: Number(config.samples),
  });
  const mlp = createMlp({
    inputDim: inputSize(ds),
    width: config.width,
    depth: Number(config.depth),
    seed: config.seed,
    outputScale: alpha,
  });
  // centred targets y + alpha f0(x): alpha f - (y + alpha f0) = alpha (f - f0) - y
  const out0 = tf.tidy(() => mlpForward(mlp, tf.tensor2d(ds.x, [ds.n, inputSize(ds)])));
  const shift = await out0.data();
  out0.dispose();
  const targets = ds.y.map((y, i) => y + shift[i]!);
  const data = toDevice(ds.x, targets, ds.n);
  try {
    const result = await trainFullBatchGd(mlp, data, {
      epochs: config.epochs,
      lr: config.lr,
      onEpoch: ctx.onEpoch,
      resume: ctx.checkpoint?.resume,
      checkpoint: ctx.checkpoint?.hook,
    });
    const drifts = result.series.drift;
    const finalDrift = drifts.at(-1) ?? 0;
    const maxDrift = drifts.reduce((a, b) => Math.max(a, b), 0);
    return {
      status: result.status,
      divergedAt: result.divergedAt,
      error: null,
      params: countParams(mlp),
      trainSize: ds.n,
      series: result.series,
      notes: [
        `data: ${ds.source}`,
        `alpha = ${alpha}: centred by the targets y + alpha f0(x); alpha * final drift ` +
        `${(alpha * finalDrift).toPrecision(4)}, alpha * max drift ${
          (alpha * maxDrift).toPrecision(4)
        }`,
      ],
      extraSummary: {
        alpha,
        alphaTimesDrift: alpha * finalDrift,
        alphaTimesMaxDrift: alpha * maxDrift,
      },
    };
  } finally {
    disposeMlp(mlp);
    disposeDeviceData(data);
  }
}

/** Lazy scaling on the binary-MNIST MLP. */
export const lazyScalingMlpSuite: Suite = {
  name: "lazy-scaling-mlp",
  description:
    "lazy scaling on the binary-MNIST MLP (centred alpha f, loss / alpha^2); drift ~ 1/alpha",
  defaults: {
    suite: "lazy-scaling-mlp",
    seed: 0,
    epochs: 200,
    lr: 0.003,
    width: 128,
    window: "auto",
    alpha: 1,
    depth: 4,
    samples: 256,
  },
  keys: {
    ...COMMON_KEYS,
    alpha: { type: "number", exclusiveMin: 0, doc: "output scale: the model is alpha (f - f0)" },
    depth: { type: "int", min: 1, max: 64, doc: "number of hidden layers" },
    samples: {
      type: "int",
      min: 0,
      doc: "N: the first ceil(N/2) threes and floor(N/2) eights of MNIST's training file (0 = all)",
    },
  },
  grid: { alpha: [1, 2, 4, 8, 16, 32, 64] },
  expectations: [
    {
      id: "drift-1-over-alpha",
      statement:
        "the drift sup_t ||theta_t - theta0|| shrinks like 1/alpha (fitted exponent near -1)",
      source: "slides, Appendix III (Chizat, Oyallon, Bach 2019)",
      check: driftLikeOneOverAlpha,
    },
  ],
  checkData: checkIdxDir,
  checkConfig(config) {
    if (config.dataDir !== undefined) return;
    const where = `npm ${OFFICIAL_MNIST_PACKAGE}`;
    const problem = trainSizeProblem(Number(config.samples), [3, 8], OFFICIAL_3V8_COUNTS, where);
    if (problem !== null) throw new Error(problem.replace("trainSize", "samples"));
  },
  estimateMemory(config, backend) {
    const asMlpMnist = {
      ...config,
      trainSize: Number(config.samples),
      probeEvery: 0,
      fullNtk: false,
    };
    const estimate = mlpMnistMemory(asMlpMnist, backend);
    return { ...estimate, shrink: estimate.shrink.replace("trainSize", "samples") };
  },
  run: runLazyMlp,
};
