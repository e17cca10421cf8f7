/**
 * Exact empirical NTK of a scalar-output MLP (Softplus or ReLU) from one forward and one backward
 * pass.
 *
 * For layer l with input a_{l-1}(x) and pre-activation z_l(x) = a_{l-1} W_l + b_l, the gradient of
 * f(x) with respect to W_l is the outer product a_{l-1}(x) g_l(x)^T with g_l(x) = df/dz_l, and
 * with respect to b_l it is g_l(x). Summing the inner products over layers gives
 *
 *   K = sum_l (G_l G_l^T) o (A_{l-1} A_{l-1}^T + 1)
 *
 * where A_{l-1} (k x fanIn) stacks the layer inputs and G_l (k x fanOut) the gradients. Samples do
 * not interact, so one backward pass of sum_i f(x_i) yields every G_l. The backward pass is written
 * out by hand (the activation's slope from model/activation.ts: softplus' = sigmoid, relu' = step) and every product uses an explicit `tf.transpose` because
 * `matMul` with transpose flags is many times slower on the wasm backend.
 */
import * as tf from "@tensorflow/tfjs";
import { activate, type Activation, activationSlope } from "../model/activation.ts";

/** One affine layer: `w` is [fanIn, fanOut], `b` is [fanOut]. */
export interface MlpLayerLike {
  w: tf.Variable | tf.Tensor;
  b: tf.Variable | tf.Tensor;
}

/**
 * The shape every MLP of the project has: the activation (default Softplus) after every hidden
 * layer, a scalar output (last fanOut = 1) multiplied by `outputScale` when given.
 */
export interface MlpLike {
  layers: MlpLayerLike[];
  outputScale?: number;
  activation?: Activation;
}

/** Layer inputs A_{l-1} and output gradients G_l for a batch (all tensors owned by the caller). */
export interface LayerFactors {
  inputs: tf.Tensor2D[];
  grads: tf.Tensor2D[];
}

function checkMlp(mlp: MlpLike, x: tf.Tensor): void {
  if (mlp.layers.length === 0) {
    throw new RangeError("Cannot compute the NTK: the MLP has no layers");
  }
  if (x.rank !== 2) {
    throw new RangeError(`Cannot compute the NTK: inputs must be [k, inputDim], got [${x.shape}]`);
  }
  const last = mlp.layers[mlp.layers.length - 1]!;
  if (last.w.shape[1] !== 1) {
    throw new RangeError(
      `Cannot use the structured NTK: the output must be scalar (last fanOut 1), got ${
        last.w.shape[1]
      }`,
    );
  }
  if (mlp.layers[0]!.w.shape[0] !== x.shape[1]) {
    throw new RangeError(
      `Cannot compute the NTK: inputs have ${x.shape[1]} features, the MLP expects ${
        mlp.layers[0]!.w.shape[0]
      }`,
    );
  }
}

/**
 * Forward and hand-written backward pass: the per-layer inputs A_{l-1} and gradients G_l = df/dz_l
 * of the scalar output for every row of `x`. The caller disposes the returned tensors.
 *
 * @example
 * const { inputs, grads } = layerFactors(mlp, x); // inputs[l]: [k, fanIn_l], grads[l]: [k, fanOut_l]
 */
export function layerFactors(mlp: MlpLike, x: tf.Tensor2D): LayerFactors {
  checkMlp(mlp, x);
  return tf.tidy(() => {
    const depth = mlp.layers.length;
    const inputs: tf.Tensor2D[] = [x];
    const slopes: tf.Tensor2D[] = [];
    let a: tf.Tensor2D = x;
    for (let l = 0; l < depth - 1; l++) {
      const layer = mlp.layers[l]!;
      const z = tf.add(tf.matMul(a, layer.w as tf.Tensor2D), layer.b) as tf.Tensor2D;
      a = activate(z, mlp.activation ?? "softplus");
      slopes.push(activationSlope(z, mlp.activation ?? "softplus"));
      inputs.push(a);
    }
    const k = x.shape[0];
    const grads: tf.Tensor2D[] = new Array(depth);
    let g: tf.Tensor2D = tf.fill([k, 1], mlp.outputScale ?? 1) as tf.Tensor2D;
    grads[depth - 1] = g;
    for (let l = depth - 2; l >= 0; l--) {
      const wNext = mlp.layers[l + 1]!.w as tf.Tensor2D;
      g = tf.mul(tf.matMul(g, tf.transpose(wNext)), slopes[l]!) as tf.Tensor2D;
      grads[l] = g;
    }
    // x is the caller's: hand back a clone so that every returned tensor can be disposed.
    inputs[0] = tf.clone(x);
    return { inputs, grads };
  });
}

/**
 * The block K[rows I, cols J] = sum_l (G_l[I] G_l[J]^T) o (A_{l-1}[I] A_{l-1}[J]^T + 1) from
 * factors of the I rows and the pre-transposed factors of the J rows.
 */
export function kernelBlock(
  left: LayerFactors,
  rightT: { inputs: tf.Tensor2D[]; grads: tf.Tensor2D[] },
): tf.Tensor2D {
  return tf.tidy(() => {
    let k: tf.Tensor2D | null = null;
    for (let l = 0; l < left.grads.length; l++) {
      const gg = tf.matMul(left.grads[l]!, rightT.grads[l]!);
      const aa = tf.add(tf.matMul(left.inputs[l]!, rightT.inputs[l]!), 1);
      const term = tf.mul(gg, aa) as tf.Tensor2D;
      k = k === null ? term : tf.add(k, term) as tf.Tensor2D;
    }
    return k!;
  });
}

/** Transposes every factor (k x w -> w x k), disposing nothing. */
export function transposeFactors(f: LayerFactors): LayerFactors {
  return tf.tidy(() => ({
    inputs: f.inputs.map((t) => tf.transpose(t)),
    grads: f.grads.map((t) => tf.transpose(t)),
  }));
}

/** Disposes every tensor of a set of factors. */
export function disposeFactors(f: LayerFactors): void {
  tf.dispose([...f.inputs, ...f.grads]);
}

/**
 * The exact empirical NTK (k x k, on the device, float32) of a scalar-output MLP on the rows of
 * `x`: one forward and one backward pass, then one k x k product per layer and factor.
 *
 * @example
 * const k = structuredNtk(mlp, xProbe); // tf.Tensor2D [k, k]
 */
export function structuredNtk(mlp: MlpLike, x: tf.Tensor2D): tf.Tensor2D {
  const f = layerFactors(mlp, x);
  const ft = transposeFactors(f);
  try {
    return kernelBlock(f, ft);
  } finally {
    disposeFactors(f);
    disposeFactors(ft);
  }
}

/** Copies a rows x cols block into row-major `out` (n x n) at (r0, c0) and, if `mirror`, at (c0, r0). */
function place(
  out: Float64Array,
  n: number,
  block: ArrayLike<number>,
  at: { r0: number; c0: number; rows: number; cols: number },
  mirror: boolean,
): void {
  const { r0, c0, rows, cols } = at;
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < cols; b++) {
      const v = block[a * cols + b]!;
      out[(r0 + a) * n + c0 + b] = v;
      if (mirror) out[(c0 + b) * n + r0 + a] = v;
    }
  }
}

/**
 * The exact empirical NTK of `x` (n x n) built block-wise to bound device memory: forward and
 * backward over row blocks of `blockRows`, then the blocks K[I, J] with I <= J only (K is
 * symmetric; each is mirrored), read back into a row-major Float64Array. Every block is a sum of
 * matrix products, so on the BLAS path the build runs at BLAS speed. Device memory: the factors of
 * all n rows and their transposes, plus a few blockRows x blockRows blocks; host memory: the
 * n x n float64 result.
 */
export async function structuredNtkBlocked(
  mlp: MlpLike,
  x: tf.Tensor2D,
  blockRows = 512,
): Promise<Float64Array> {
  if (!Number.isInteger(blockRows) || blockRows < 1) {
    throw new RangeError(
      `Cannot build the NTK: blockRows must be a positive integer, got ${blockRows}`,
    );
  }
  const n = x.shape[0];
  const blocks: { start: number; size: number; f: LayerFactors; ft: LayerFactors }[] = [];
  const out = new Float64Array(n * n);
  try {
    for (let start = 0; start < n; start += blockRows) {
      const size = Math.min(blockRows, n - start);
      const xb = tf.slice(x, [start, 0], [size, x.shape[1]]);
      const f = layerFactors(mlp, xb);
      xb.dispose();
      blocks.push({ start, size, f, ft: transposeFactors(f) });
    }
    for (let i = 0; i < blocks.length; i++) {
      const left = blocks[i]!;
      for (let j = i; j < blocks.length; j++) {
        const right = blocks[j]!;
        const block = kernelBlock(left.f, right.ft);
        const data = await block.data();
        block.dispose();
        const at = { r0: left.start, c0: right.start, rows: left.size, cols: right.size };
        place(out, n, data, at, j > i);
      }
    }
  } finally {
    for (const b of blocks) {
      disposeFactors(b.f);
      disposeFactors(b.ft);
    }
  }
  return out;
}
