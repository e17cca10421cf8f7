/**
 * Generic empirical NTK for any differentiable model: per-sample, per-output gradients flattened
 * into the Jacobian J (kC x P, sample-major rows: row i*C + c is d f_c(x_i) / d theta), then
 * K = J J^T, all on the device (the per-sample rows take kC x P floats of device memory).
 */
import * as tf from "@tensorflow/tfjs";

/** A model the generic path accepts: its trainable variables and a batched forward pass. */
export interface DifferentiableModel {
  variables: tf.Variable[];
  /** x: [k, ...] -> [k] (scalar output) or [k, C]. */
  apply(x: tf.Tensor): tf.Tensor;
}

/** Per-sample gradient rows on the device: rows[i*C + c] is d f_c(x_i) / d theta, flattened. */
interface GradientRows {
  rows: tf.Tensor1D[];
  outputs: number;
  cols: number;
}

/**
 * k*C backward passes of one output of one sample each. Rows are sample-major (i*C + c); columns
 * follow `model.variables` in order, each flattened row-major. Everything stays on the device
 * (no synchronous read-back, which the WebGPU backend cannot do in Deno).
 */
function gradientRows(model: DifferentiableModel, x: tf.Tensor): GradientRows {
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
  const rows: tf.Tensor1D[] = [];
  for (let i = 0; i < k; i++) {
    const xi = tf.slice(x, i, 1);
    for (let c = 0; c < outputs; c++) {
      rows.push(tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const y = model.apply(xi);
          return (rank === 1 ? y : tf.slice(y, [0, c], [1, 1])).sum() as tf.Scalar;
        }, model.variables);
        return tf.concat(
          model.variables.map((v) => (grads[v.name] ?? tf.zerosLike(v)).reshape([-1])),
        ) as tf.Tensor1D;
      }));
    }
    xi.dispose();
  }
  const cols = model.variables.reduce((s, v) => s + v.size, 0);
  return { rows, outputs, cols };
}

/**
 * The per-sample Jacobian J (kC x P) of `model` on the rows of `x`, on the device: row i*C + c is
 * d f_c(x_i) / d theta, columns follow `model.variables` in order, each flattened row-major.
 */
export function perSampleJacobian(model: DifferentiableModel, x: tf.Tensor): tf.Tensor2D {
  const { rows } = gradientRows(model, x);
  const j = tf.stack(rows) as tf.Tensor2D;
  tf.dispose(rows);
  return j;
}

/** K = J J^T from gradient rows, accumulated over column chunks (disposes the rows). */
function gramOfRows({ rows, cols }: GradientRows, chunkCols: number): tf.Tensor2D {
  let k: tf.Tensor2D = tf.zeros([rows.length, rows.length]);
  try {
    for (let start = 0; start < cols; start += chunkCols) {
      const width = Math.min(chunkCols, cols - start);
      const next = tf.tidy(() => {
        const c = tf.stack(rows.map((r) => tf.slice(r, start, width))) as tf.Tensor2D;
        return tf.add(k, tf.matMul(c, tf.transpose(c))) as tf.Tensor2D;
      });
      k.dispose();
      k = next;
    }
  } finally {
    tf.dispose(rows);
  }
  return k;
}

/**
 * The empirical NTK of any model on the rows of `x`: (kC x kC) with sample-major ordering,
 * K[i*C + c, j*C + d] = <d f_c(x_i)/d theta, d f_d(x_j)/d theta>, on the device. The Jacobian
 * is never assembled: its rows stay on the device and K accumulates over column chunks of
 * `chunkCols` columns, so the extra memory is one kC x chunkCols slice.
 *
 * @example
 * const k = perSampleNtk({ variables, apply: (x) => net(x) }, x); // [k*C, k*C]
 */
export function perSampleNtk(
  model: DifferentiableModel,
  x: tf.Tensor,
  chunkCols = 65536,
): tf.Tensor2D {
  if (!Number.isInteger(chunkCols) || chunkCols < 1) {
    throw new RangeError(
      `Cannot build the NTK: chunkCols must be a positive integer, got ${chunkCols}`,
    );
  }
  return gramOfRows(gradientRows(model, x), chunkCols);
}
