/**
 * Exact Hessian-vector products of any model plbench trains through tfjs autodiff (reverse over
 * reverse, Pearlmutter's trick H v = grad (grad L . v)), in float32 on the training backend: the
 * route for the CNN, whose squared loss on one-hot targets L_B = 1/(2 m) sum_i ||f(x_i) - y_i||^2
 * is taken on a fixed batch of m samples, accumulated over micro-batches (H v is linear in the
 * loss, so the micro-batch products add up exactly). Every op on the way must have a gradient of
 * its gradient: the CNN's convolutions and products are written so (src/model/cnn_conv.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { halfSquaredErrorSum, type TrainableModel } from "../train/sgd_full_diagnostics.ts";
import { flatten, unflatten } from "./mlp_hvp.ts";
import type { SymmetricOperator } from "./lanczos.ts";

/** The curvature of a model's loss on a fixed batch: products on demand, then `dispose`. */
export interface BatchCurvature extends SymmetricOperator {
  /** The batch loss at the point (read back once). */
  loss: number;
  /** Samples of the batch. */
  samples: number;
  dispose(): void;
}

/** Sum of tensors by chained adds (tfjs-webgpu's addN drops inputs past the 7th). */
function sumAll(terms: tf.Tensor[]): tf.Tensor {
  return terms.slice(1).reduce((sum, t) => tf.add(sum, t), terms[0]!);
}

/**
 * The operator v -> H v of the squared loss of `model` on the batch (x, y), at the model's
 * current weights (which must not change while it is in use), in micro-batches of at most
 * `microBatch` rows. Vectors are flat in the order of `model.variables`.
 *
 * @example
 * const h = await autodiffCurvatureAt(model, xBatch, yBatch, 64);
 * const top = await lanczosTop(h, { maxIters: 20, seed: 0 });
 * h.dispose();
 */
export async function autodiffCurvatureAt(
  model: TrainableModel,
  x: tf.Tensor,
  y: tf.Tensor2D,
  microBatch: number,
): Promise<BatchCurvature> {
  const m = x.shape[0]!;
  if (!Number.isInteger(microBatch) || microBatch < 1) {
    throw new RangeError(
      `Invalid micro-batch size: expected a positive integer, got ${microBatch}`,
    );
  }
  const vars = model.variables;
  const shapes = vars.map((v) => v.shape);
  const slices: [number, number][] = [];
  for (let start = 0; start < m; start += microBatch) {
    slices.push([start, Math.min(microBatch, m - start)]);
  }
  const lossTensor = tf.tidy(() =>
    sumAll(slices.map(([start, size]) =>
      tf.div(
        halfSquaredErrorSum(model.apply(tf.slice(x, start, size)), tf.slice(y, start, size)),
        m,
      )
    ))
  );
  const loss = (await lossTensor.data())[0]!;
  lossTensor.dispose();
  const apply = (v: tf.Tensor1D): tf.Tensor1D => {
    const parts = unflatten(v, shapes);
    const total = slices.map(([start, size]) => {
      const xb = tf.slice(x, start, size);
      const yb = tf.slice(y, start, size);
      const { grads } = tf.variableGrads(() => {
        const inner = tf.variableGrads(
          () => tf.div(halfSquaredErrorSum(model.apply(xb), yb), m) as tf.Scalar,
          vars,
        ).grads;
        return sumAll(vars.map((w, i) => tf.sum(tf.mul(inner[w.name]!, parts[i]!)))) as tf.Scalar;
      }, vars);
      return flatten(vars.map((w) => grads[w.name]!));
    });
    return sumAll(total) as tf.Tensor1D;
  };
  return {
    dim: shapes.reduce((s, shape) => s + shape.reduce((a, b) => a * b, 1), 0),
    loss,
    samples: m,
    apply,
    dispose: () => {},
  };
}
