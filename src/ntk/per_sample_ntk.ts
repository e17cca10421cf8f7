/**
 * Generic empirical NTK for any differentiable model: per-sample, per-output gradients flattened
 * into the Jacobian J (kC x P, sample-major rows: row i*C + c is d f_c(x_i) / d theta), then
 * K = J J^T, all on the device. The per-sample gradients are kept for one group of variables at a
 * time, groups sized to a memory budget, so a large model costs more backward passes rather than
 * more memory than the device (or WebAssembly's 4 GiB) has.
 */
import * as tf from "@tensorflow/tfjs";

/** A model the generic path accepts: its trainable variables and a batched forward pass. */
export interface DifferentiableModel {
  variables: tf.Variable[];
  /** x: [k, ...] -> [k] (scalar output) or [k, C]. */
  apply(x: tf.Tensor): tf.Tensor;
}

/**
 * The default budget for the per-sample gradients held at once, 1 GiB: the building of one block
 * and its transpose add at most two blocks more, which stays inside WebAssembly's 4 GiB.
 */
export const DEFAULT_GRADIENT_BYTES = 2 ** 30;

/** The output rank of `model` (1: scalar per sample, 2: C outputs) and C; checks the model. */
function outputShape(model: DifferentiableModel, x: tf.Tensor): { rank: 1 | 2; outputs: number } {
  if (model.variables.length === 0) {
    throw new RangeError("Cannot compute the NTK: the model has no variables");
  }
  const probe = tf.tidy(() => model.apply(tf.slice(x, 0, 1)));
  const rank = probe.rank;
  const outputs = rank === 1 ? 1 : probe.shape[1]!;
  probe.dispose();
  if (rank !== 1 && rank !== 2) {
    throw new RangeError(
      `Cannot compute the NTK: apply() must return [k] or [k, C], got rank ${rank}`,
    );
  }
  return { rank, outputs };
}

/**
 * Splits the variables, in order, into consecutive groups whose per-sample gradients (`rows`
 * rows of float32) fit in `budgetBytes`; a variable larger than the budget is a group alone.
 */
export function gradientGroups(sizes: number[], rows: number, budgetBytes: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, v) => {
    const need = size * rows * 4;
    if (current.length > 0 && bytes + need > budgetBytes) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(v);
    bytes += need;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * k*C backward passes of one output of one sample each, rows sample-major (i*C + c):
 * grads[r][j] is d f_c(x_i) / d vars[j]. Everything stays on the device (no synchronous
 * read-back, which the WebGPU backend cannot do in Deno).
 */
function sampleGradients(
  model: DifferentiableModel,
  x: tf.Tensor,
  vars: tf.Variable[],
  shape: { rank: 1 | 2; outputs: number },
): tf.Tensor[][] {
  const grads: tf.Tensor[][] = [];
  for (let i = 0; i < x.shape[0]!; i++) {
    const xi = tf.slice(x, i, 1);
    for (let c = 0; c < shape.outputs; c++) {
      grads.push(tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const y = model.apply(xi);
          return (shape.rank === 1 ? y : tf.slice(y, [0, c], [1, 1])).sum() as tf.Scalar;
        }, vars);
        return vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
      }));
    }
    xi.dispose();
  }
  return grads;
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
  const grads = sampleGradients(model, x, model.variables, outputShape(model, x));
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
 * from the per-sample gradients and freed at once. The per-sample gradients are computed for one
 * group of variables at a time (`gradientGroups`, at most `maxGradientBytes` per group unless a
 * single variable is larger), at the price of k*C backward passes per group. An explicit
 * transpose is used because `matMul` with transpose flags is slow on the wasm backend; slicing
 * large device tensors is slower still there, hence blocks by variable rather than by columns.
 *
 * @example
 * const k = perSampleNtk({ variables, apply: (x) => net(x) }, x); // [k*C, k*C]
 */
export function perSampleNtk(
  model: DifferentiableModel,
  x: tf.Tensor,
  maxGradientBytes = DEFAULT_GRADIENT_BYTES,
): tf.Tensor2D {
  const shape = outputShape(model, x);
  const rows = x.shape[0]! * shape.outputs;
  const sizes = model.variables.map((v) => v.size);
  let k: tf.Tensor2D = tf.zeros([rows, rows]);
  for (const group of gradientGroups(sizes, rows, maxGradientBytes)) {
    const grads = sampleGradients(model, x, group.map((v) => model.variables[v]!), shape);
    try {
      for (let j = 0; j < group.length; j++) {
        const next = tf.tidy(() => {
          const block = variableBlock(grads, j);
          for (const g of grads) g[j]!.dispose();
          return tf.add(k, tf.matMul(block, tf.transpose(block))) as tf.Tensor2D;
        });
        k.dispose();
        k = next;
      }
    } finally {
      grads.forEach((g) => tf.dispose(g));
    }
  }
  return k;
}
