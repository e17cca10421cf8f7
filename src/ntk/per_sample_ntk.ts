/**
 * Generic empirical NTK for any differentiable model: per-sample, per-output gradients flattened
 * into the Jacobian J (kC x P, sample-major rows: row i*C + c is d f_c(x_i) / d theta), then
 * K = J J^T. J is kept on the host (float32) and K is accumulated on the device over column
 * chunks of J, so device memory stays bounded whatever the parameter count.
 */
import * as tf from "@tensorflow/tfjs";

/** A model the generic path accepts: its trainable variables and a batched forward pass. */
export interface DifferentiableModel {
  variables: tf.Variable[];
  /** x: [k, ...] -> [k] (scalar output) or [k, C]. */
  apply(x: tf.Tensor): tf.Tensor;
}

/** A row-major float32 Jacobian: `rows` = k*C (sample-major), `cols` = P. */
export interface Jacobian {
  rows: number;
  cols: number;
  outputs: number;
  data: Float32Array;
}

/**
 * Per-sample Jacobian of `model` on the rows of `x`: k*C backward passes of one output of one
 * sample each. Rows are sample-major (i*C + c); columns follow `model.variables` in order, each
 * flattened row-major.
 */
export function perSampleJacobian(model: DifferentiableModel, x: tf.Tensor): Jacobian {
  if (model.variables.length === 0) {
    throw new RangeError("Cannot compute the NTK: the model has no variables");
  }
  const k = x.shape[0]!;
  const probe = tf.tidy(() => model.apply(tf.slice(x, 0, 1)));
  const rank = probe.rank;
  const outputs = rank === 1 ? 1 : probe.shape[1]!;
  probe.dispose();
  if (rank > 2) {
    throw new RangeError(
      `Cannot compute the NTK: apply() must return [k] or [k, C], got rank ${rank}`,
    );
  }
  const cols = model.variables.reduce((s, v) => s + v.size, 0);
  const data = new Float32Array(k * outputs * cols);
  for (let i = 0; i < k; i++) {
    const xi = tf.slice(x, i, 1);
    for (let c = 0; c < outputs; c++) {
      const grads = tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const y = model.apply(xi);
          return (rank === 1 ? y : tf.slice(y, [0, c], [1, 1])).sum() as tf.Scalar;
        }, model.variables);
        return model.variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
      });
      let offset = (i * outputs + c) * cols;
      for (const g of grads) {
        data.set(g.dataSync() as Float32Array, offset);
        offset += g.size;
      }
      tf.dispose(grads);
    }
    xi.dispose();
  }
  return { rows: k * outputs, cols, outputs, data };
}

/**
 * K = J J^T on the device, accumulated over column chunks of `chunkCols` columns of J.
 * Returns a [rows, rows] float32 tensor.
 */
export function gramOfJacobian(j: Jacobian, chunkCols = 65536): tf.Tensor2D {
  let k: tf.Tensor2D = tf.zeros([j.rows, j.rows]);
  for (let start = 0; start < j.cols; start += chunkCols) {
    const width = Math.min(chunkCols, j.cols - start);
    const chunk = new Float32Array(j.rows * width);
    for (let r = 0; r < j.rows; r++) {
      chunk.set(j.data.subarray(r * j.cols + start, r * j.cols + start + width), r * width);
    }
    const next = tf.tidy(() => {
      const c = tf.tensor2d(chunk, [j.rows, width]);
      return tf.add(k, tf.matMul(c, tf.transpose(c))) as tf.Tensor2D;
    });
    k.dispose();
    k = next;
  }
  return k;
}

/**
 * The empirical NTK of any model on the rows of `x`: (kC x kC) with sample-major ordering,
 * K[i*C + c, j*C + d] = <d f_c(x_i)/d theta, d f_d(x_j)/d theta>.
 *
 * @example
 * const k = perSampleNtk({ variables, apply: (x) => net(x) }, x); // [k*C, k*C]
 */
export function perSampleNtk(model: DifferentiableModel, x: tf.Tensor): tf.Tensor2D {
  return gramOfJacobian(perSampleJacobian(model, x));
}
