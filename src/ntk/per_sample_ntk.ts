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

/** Per-sample gradients on the device: grads[r][v] is d f_c(x_i) / d variable v, r = i*C + c. */
interface SampleGradients {
  grads: tf.Tensor[][];
  outputs: number;
}

/**
 * k*C backward passes of one output of one sample each, rows sample-major (i*C + c). Everything
 * stays on the device (no synchronous read-back, which the WebGPU backend cannot do in Deno).
 */
function sampleGradients(model: DifferentiableModel, x: tf.Tensor): SampleGradients {
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
  const grads: tf.Tensor[][] = [];
  for (let i = 0; i < k; i++) {
    const xi = tf.slice(x, i, 1);
    for (let c = 0; c < outputs; c++) {
      grads.push(tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const y = model.apply(xi);
          return (rank === 1 ? y : tf.slice(y, [0, c], [1, 1])).sum() as tf.Scalar;
        }, model.variables);
        return model.variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
      }));
    }
    xi.dispose();
  }
  return { grads, outputs };
}

/** Variable v's block of J: the rows' gradients of v stacked and flattened, [kC, |v|]. */
function variableBlock(grads: tf.Tensor[][], v: number): tf.Tensor2D {
  return tf.tidy(() => tf.stack(grads.map((g) => g[v]!.reshape([-1]))) as tf.Tensor2D);
}

/**
 * The per-sample Jacobian J (kC x P) of `model` on the rows of `x`, on the device: row i*C + c is
 * d f_c(x_i) / d theta, columns follow `model.variables` in order, each flattened row-major.
 */
export function perSampleJacobian(model: DifferentiableModel, x: tf.Tensor): tf.Tensor2D {
  const { grads } = sampleGradients(model, x);
  try {
    return tf.tidy(() =>
      tf.concat(model.variables.map((_, v) => variableBlock(grads, v)), 1) as tf.Tensor2D
    );
  } finally {
    grads.forEach((g) => tf.dispose(g));
  }
}

/**
 * The empirical NTK of any model on the rows of `x`: (kC x kC) with sample-major ordering,
 * K[i*C + c, j*C + d] = <d f_c(x_i)/d theta, d f_d(x_j)/d theta>, on the device. J is never
 * assembled: K = sum_v J_v J_v^T over the model's variables v, each block J_v (kC x |v|) built
 * from the per-sample gradients and freed at once, so the extra memory is one block. An explicit
 * transpose is used because `matMul` with transpose flags is slow on the wasm backend; slicing
 * large device tensors is slower still there, hence blocks by variable rather than by columns.
 *
 * @example
 * const k = perSampleNtk({ variables, apply: (x) => net(x) }, x); // [k*C, k*C]
 */
export function perSampleNtk(model: DifferentiableModel, x: tf.Tensor): tf.Tensor2D {
  const { grads } = sampleGradients(model, x);
  let k: tf.Tensor2D = tf.zeros([grads.length, grads.length]);
  try {
    for (let v = 0; v < model.variables.length; v++) {
      const next = tf.tidy(() => {
        const block = variableBlock(grads, v);
        for (const g of grads) g[v]!.dispose();
        return tf.add(k, tf.matMul(block, tf.transpose(block))) as tf.Tensor2D;
      });
      k.dispose();
      k = next;
    }
  } finally {
    grads.forEach((g) => tf.dispose(g));
  }
  return k;
}
