/**
 * Exact full-dataset diagnostics by micro-batch accumulation: the loss
 * L = 1/(2n) sum_i ||f(x_i) - y_i||^2, its gradient (a sum of per-micro-batch gradients, each
 * weighted by 1/n), ||grad L||^2, the drift ||theta - theta_0|| and the accuracy, accumulated on
 * the device and read back once.
 */
import * as tf from "@tensorflow/tfjs";

/** Any model given as a flat list of variables and a forward function. */
export interface TrainableModel {
  variables: tf.Variable[];
  apply(x: tf.Tensor): tf.Tensor;
}

/** The full-dataset quantities at one point, read back to the host. */
export interface FullDiagnostics {
  loss: number;
  gradNormSq: number;
  drift: number;
  accuracy: number;
}

/** sum_i 0.5 * ||out_i - y_i||^2 over the rows of `out` and `y` (same shape [m, k]). */
export function halfSquaredErrorSum(out: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.sum(tf.square(tf.sub(out, y))), 0.5) as tf.Scalar);
}

/**
 * Accumulates the full-dataset loss, its gradient (one tensor per variable, in order) and the
 * number of correct argmax predictions over micro-batches of at most `microBatch` rows. The
 * caller disposes the returned tensors.
 *
 * @example
 * const acc = accumulateFullGradient(model, x, yOneHot, 256);
 * tf.dispose([acc.loss, acc.correct, ...acc.grads]);
 */
export function accumulateFullGradient(
  model: TrainableModel,
  x: tf.Tensor,
  y: tf.Tensor2D,
  microBatch: number,
): { loss: tf.Scalar; grads: tf.Tensor[]; correct: tf.Scalar } {
  const n = x.shape[0]!;
  if (!Number.isInteger(microBatch) || microBatch < 1) {
    throw new RangeError(
      `Invalid micro-batch size: expected a positive integer, got ${microBatch}`,
    );
  }
  const vars = model.variables;
  let acc = {
    loss: tf.scalar(0),
    grads: vars.map((v) => tf.zerosLike(v) as tf.Tensor),
    correct: tf.scalar(0),
  };
  for (let start = 0; start < n; start += microBatch) {
    const size = Math.min(microBatch, n - start);
    const next = tf.tidy(() => {
      const xb = tf.slice(x, start, size);
      const yb = tf.slice(y, start, size);
      let correct: tf.Scalar | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const out = model.apply(xb);
        correct = tf.keep(
          tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), tf.argMax(yb, 1)), "float32")),
        );
        return tf.div(halfSquaredErrorSum(out, yb), n) as tf.Scalar;
      }, vars);
      const kept = correct as unknown as tf.Scalar;
      const sum = {
        loss: tf.add(acc.loss, value) as tf.Scalar,
        grads: vars.map((v, i) => tf.add(acc.grads[i]!, grads[v.name]!)),
        correct: tf.add(acc.correct, kept) as tf.Scalar,
      };
      kept.dispose();
      return sum;
    });
    tf.dispose([acc.loss, acc.correct, ...acc.grads]);
    acc = next;
  }
  return acc;
}

/** Sum by chained adds: tfjs-webgpu 4.22's `addN` silently drops inputs past the 7th. */
function sumAll(terms: tf.Tensor[]): tf.Tensor {
  return terms.slice(1).reduce((sum, t) => tf.add(sum, t), terms[0]!);
}

/**
 * Full-dataset loss, ||grad L||^2, drift ||theta - theta0|| and accuracy with one read-back.
 * `theta0` holds the initial values of `model.variables`, in order.
 */
export async function fullDiagnostics(
  model: TrainableModel,
  theta0: tf.Tensor[],
  x: tf.Tensor,
  y: tf.Tensor2D,
  microBatch: number,
): Promise<FullDiagnostics> {
  const acc = accumulateFullGradient(model, x, y, microBatch);
  const packed = tf.tidy(() => {
    const gradSq = sumAll(acc.grads.map((g) => tf.sum(tf.square(g))));
    const driftSq = sumAll(
      model.variables.map((v, i) => tf.sum(tf.square(tf.sub(v, theta0[i]!)))),
    );
    return tf.stack([acc.loss, gradSq, driftSq, tf.div(acc.correct, x.shape[0]!)]);
  });
  tf.dispose([acc.loss, acc.correct, ...acc.grads]);
  const [loss, gradNormSq, driftSq, accuracy] = Array.from(await packed.data());
  packed.dispose();
  return { loss: loss!, gradNormSq: gradNormSq!, drift: Math.sqrt(driftSq!), accuracy: accuracy! };
}
