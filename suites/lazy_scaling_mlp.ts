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
import { defaultTransposeMode, trainFullBatchGd } from "../src/train/full_batch_gd.ts";
import { mlpSharpnessTracker } from "../src/hessian/mlp_sharpness.ts";
import type { RunContext, RunOutcome } from "../src/suite/suite.ts";
import { commonKeys, type ConfigOf, hessianKeys } from "../src/suite/keys.ts";
import { defineSuite } from "../src/suite/define_suite.ts";
import { formatNumber } from "../src/util/number_format.ts";
import { alphaKey } from "./toy_keys.ts";
import { depthKey, mnistTrainSizeKey } from "./mlp_keys.ts";
import { DRIFT_ONE_OVER_ALPHA } from "./lazy_scaling.ts";
import { mlpMnistMemory } from "./mlp_mnist_memory.ts";

/** The keys of the suite, with their defaults. */
const KEYS = {
  ...commonKeys({ epochs: 200, lr: 0.003, width: 128 }),
  alpha: { ...alphaKey, doc: "output scale: the model is alpha (f - f0)" },
  depth: depthKey,
  trainSize: mnistTrainSizeKey(256),
  ...hessianKeys,
};

type Config = ConfigOf<typeof KEYS>;

async function runLazyMlp(config: Config, ctx: RunContext): Promise<RunOutcome> {
  const alpha = config.alpha;
  const ds = await loadBinaryTask({
    dataDir: ctx.dataDir,
    digits: [3, 8],
    labels: "pm1",
    trainSize: config.trainSize,
  });
  const mlp = createMlp({
    inputDim: inputSize(ds),
    width: config.width,
    depth: config.depth,
    seed: config.seed,
    outputScale: alpha,
  });
  // centred targets y + alpha f0(x): alpha f - (y + alpha f0) = alpha (f - f0) - y
  const out0 = tf.tidy(() => mlpForward(mlp, tf.tensor2d(ds.x, [ds.n, inputSize(ds)])));
  const shift = await out0.data();
  out0.dispose();
  const targets = ds.y.map((y, i) => y + shift[i]!);
  const data = toDevice(ds.x, targets, ds.n);
  const sharpness = mlpSharpnessTracker(data, config, defaultTransposeMode());
  try {
    const result = await trainFullBatchGd(mlp, data, {
      epochs: config.epochs,
      lr: config.lr,
      onEpoch: ctx.onEpoch,
      probe: sharpness ?? undefined,
      resume: ctx.checkpoint?.resume,
      checkpoint: ctx.checkpoint?.hook,
      parts: sharpness === null ? [] : [sharpness],
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
      series: sharpness === null ? result.series : { ...result.series, hessian: sharpness.series },
      notes: [
        `data: ${ds.source}`,
        ...(sharpness?.notes() ?? []),
        `alpha = ${alpha}: centred by the targets y + alpha f0(x); alpha * final drift ` +
        `${formatNumber(alpha * finalDrift)}, alpha * max drift ${formatNumber(alpha * maxDrift)}`,
      ],
      extraSummary: {
        alpha,
        alphaTimesDrift: alpha * finalDrift,
        alphaTimesMaxDrift: alpha * maxDrift,
      },
    };
  } finally {
    sharpness?.dispose();
    disposeMlp(mlp);
    disposeDeviceData(data);
  }
}

/** Lazy scaling on the binary-MNIST MLP. */
export const lazyScalingMlpSuite = defineSuite({
  name: "lazy-scaling-mlp",
  description:
    "lazy scaling on the binary-MNIST MLP (centred alpha f, loss / alpha^2); drift ~ 1/alpha",
  keys: KEYS,
  grid: { alpha: [1, 2, 4, 8, 16, 32, 64] },
  expectations: [DRIFT_ONE_OVER_ALPHA],
  checkData: checkIdxDir,
  checkConfig(config) {
    if (config.dataDir !== undefined) return;
    const where = `npm ${OFFICIAL_MNIST_PACKAGE}`;
    const problem = trainSizeProblem(config.trainSize, [3, 8], OFFICIAL_3V8_COUNTS, where);
    if (problem !== null) throw new Error(problem);
  },
  estimateMemory: (config, backend) =>
    mlpMnistMemory({ ...config, probeEvery: 0, ntkK: 0, fullNtk: false }, backend),
  run: runLazyMlp,
});
