/**
 * Minibatch SGD with heavy-ball momentum (v <- m v + g; theta <- theta - lr v, as PyTorch's SGD),
 * a cosine-annealed step size over epochs, seeded shuffling and no weight decay, on the squared
 * loss of one-hot targets. Before training and after every epoch it measures the exact
 * full-dataset loss, ||grad L||^2, drift and accuracy by micro-batch accumulation (one read-back).
 */
import * as tf from "@tensorflow/tfjs";
import { seededPermutation, seededStream } from "../util/random.ts";
import {
  type FullDiagnostics,
  fullDiagnostics,
  halfSquaredErrorSum,
  type TrainableModel,
} from "./sgd_full_diagnostics.ts";

/** Options of the optimiser. */
export interface SgdOptions {
  epochs: number;
  /** Base step size (epoch 1 uses it; later epochs follow the cosine). */
  lr: number;
  momentum: number;
  batchSize: number;
  /** Rows per micro-batch of the full-dataset diagnostics. */
  microBatch: number;
  /** Seed of the data order. */
  seed: number;
}

/** One row of the trajectory; `lr` is the step size used during this epoch (the base at 0). */
export interface EpochRecord extends FullDiagnostics {
  epoch: number;
  lr: number;
  /** Wall-clock seconds since the start of training, diagnostics included. */
  seconds: number;
}

/** The trajectory and how the run ended; a diverged run stops before the non-finite epoch. */
export interface SgdResult {
  records: EpochRecord[];
  status: "complete" | "diverged";
  divergedAt: number | null;
}

/**
 * Cosine annealing to zero over `epochs` epochs, stepped per epoch: epoch e (1-based) uses
 * lr * (1 + cos(pi (e - 1) / epochs)) / 2.
 *
 * @example
 * cosineLr(0.1, 1, 10); // 0.1
 */
export function cosineLr(lr: number, epoch: number, epochs: number): number {
  return lr * (1 + Math.cos(Math.PI * (epoch - 1) / epochs)) / 2;
}

/**
 * Trains `model` on (x, y) and returns its per-epoch full-dataset trajectory; `onEpoch` sees each
 * record as soon as it is read back (epoch 0 is at initialisation).
 */
export async function trainSgdMomentum(
  model: TrainableModel,
  x: tf.Tensor,
  y: tf.Tensor2D,
  options: SgdOptions,
  onEpoch: (record: EpochRecord) => void | Promise<void> = () => {},
): Promise<SgdResult> {
  const { epochs, lr, momentum, batchSize, microBatch, seed } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`Invalid batch size: expected a positive integer, got ${batchSize}`);
  }
  const n = x.shape[0]!;
  const vars = model.variables;
  const theta0 = vars.map((v) => tf.clone(v) as tf.Tensor);
  const velocity = vars.map((v) => {
    const zeros = tf.zerosLike(v);
    const vel = tf.variable(zeros, false);
    zeros.dispose();
    return vel;
  });
  const order = seededStream(seed, 1);
  const records: EpochRecord[] = [];
  const started = performance.now();
  const measure = async (epoch: number, stepSize: number) => {
    const d = await fullDiagnostics(model, theta0, x, y, microBatch);
    const record = { epoch, lr: stepSize, ...d, seconds: (performance.now() - started) / 1000 };
    const finite = [d.loss, d.gradNormSq, d.drift].every(Number.isFinite);
    if (finite) {
      records.push(record);
      await onEpoch(record);
    }
    return finite;
  };
  try {
    if (!await measure(0, lr)) return { records, status: "diverged", divergedAt: 0 };
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const stepSize = cosineLr(lr, epoch, epochs);
      const perm = seededPermutation(n, order);
      for (let start = 0; start < n; start += batchSize) {
        const idx = tf.tensor1d(perm.subarray(start, Math.min(start + batchSize, n)), "int32");
        tf.tidy(() => {
          const xb = tf.gather(x, idx);
          const yb = tf.gather(y, idx);
          const { grads } = tf.variableGrads(
            () => tf.div(halfSquaredErrorSum(model.apply(xb), yb), idx.size) as tf.Scalar,
            vars,
          );
          vars.forEach((v, i) => {
            const vel = tf.add(tf.mul(velocity[i]!, momentum), grads[v.name]!);
            velocity[i]!.assign(vel);
            v.assign(tf.sub(v, tf.mul(vel, stepSize)));
          });
        });
        idx.dispose();
      }
      if (!await measure(epoch, stepSize)) {
        return { records, status: "diverged", divergedAt: epoch };
      }
    }
    return { records, status: "complete", divergedAt: null };
  } finally {
    tf.dispose([...theta0, ...velocity]);
  }
}
