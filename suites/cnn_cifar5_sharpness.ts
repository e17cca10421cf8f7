/**
 * The CNN run's sharpness probe: lambda_max of the Hessian of the squared loss on a fixed batch
 * (SGD has no single training loss per step): `hessianBatch` images, the first ones of a seeded
 * permutation of the training set drawn from the config's `probeSeed` (never from the sweep, so a
 * network is probed on the same batch in every sweep, as the NTK probe's inputs are), by reverse-over-reverse Hessian-vector products (src/hessian/autodiff_hvp.ts) in
 * micro-batches of at most HESSIAN_MICRO_BATCH rows.
 *
 * Cost, measured at c = 8 on 28 x 28 images (BLAS path, 2 cores): one product on 64 images takes
 * 5 to 8 times a gradient of the same 64, and the defaults (128 images, every 12 of 24 epochs, so
 * three probes) add about half the run's time.
 */
import * as tf from "@tensorflow/tfjs";
import type { RunConfig } from "../src/config/run_config.ts";
import type { CnnModel } from "../src/model/cnn.ts";
import { seededPermutation, seededStream } from "../src/util/random.ts";
import { autodiffCurvatureAt } from "../src/hessian/autodiff_hvp.ts";
import { SharpnessTracker } from "../src/hessian/sharpness_tracker.ts";
import { sharpnessSettings } from "../src/hessian/mlp_sharpness.ts";

/** The schedule and batch of a run that does not set them: epochs 0, 12, 24 on 128 images. */
export const CNN_HESSIAN_EVERY = 12;
export const CNN_HESSIAN_BATCH = 128;
import { probeSeedOf } from "../src/ntk/probe_subset.ts";

/**
 * Rows per micro-batch of a product: reverse over reverse keeps the tape of the backward pass too,
 * and 250 rows of 28 x 28 images at c = 8 ran out of the wasm heap (measured), 64 did not.
 */
export const HESSIAN_MICRO_BATCH = 64;

/** The tracker, its batch on the device and a note for the report; null when hessianEvery is 0. */
export interface CnnSharpness {
  tracker: SharpnessTracker<CnnModel>;
  note(): string;
  dispose(): void;
}

/**
 * The sharpness probe of one cnn-cifar5 run on (x, y), or null when `hessianEvery` is 0.
 *
 * @example
 * const sharpness = cnnSharpnessTracker(x, y, config);
 */
export function cnnSharpnessTracker(
  x: tf.Tensor,
  y: tf.Tensor2D,
  config: RunConfig,
): CnnSharpness | null {
  const settings = sharpnessSettings(config, CNN_HESSIAN_EVERY);
  if (settings.every === 0) return null;
  const n = x.shape[0]!;
  const batch = typeof config.hessianBatch === "number" ? config.hessianBatch : CNN_HESSIAN_BATCH;
  const m = Math.min(batch, n);
  const rows = seededPermutation(n, seededStream(probeSeedOf(config), 4)).slice(0, m);
  const [xb, yb] = tf.tidy(() => {
    const idx = tf.tensor1d(rows, "int32");
    return [tf.gather(x, idx), tf.gather(y, idx) as tf.Tensor2D];
  });
  const microBatch = Math.min(Number(config.microBatch), HESSIAN_MICRO_BATCH);
  const tracker = new SharpnessTracker(
    (model: CnnModel) => autodiffCurvatureAt(model, xb, yb, microBatch),
    { epochs: config.epochs, ...settings, seed: config.seed, samples: m, fixedBatch: true },
  );
  return {
    tracker,
    note: () => {
      const total = tracker.seconds.reduce((a, b) => a + b, 0);
      return `sharpness: lambda_max of the Hessian of the loss on a fixed batch of ${m} of the ` +
        `${n} images (drawn from probeSeed), ${tracker.series.epoch.length} probes, ` +
        `${total.toFixed(2)} s`;
    },
    dispose: () => {
      tracker.dispose();
      tf.dispose([xb, yb]);
    },
  };
}
