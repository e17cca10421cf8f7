/**
 * Hand-written forward and backward pass of the MLP on the squared loss
 * L = 1/(2 n alpha^2) sum_i (alpha f(x_i) - y_i)^2, for full-batch training without autodiff:
 * pre-activations are kept, the activation's slope comes from model/activation.ts (softplus' =
 * sigmoid, relu' = step), and every matrix product is a plain
 * `matMul(a, b)` (on wasm, transposed operands through `tf.transpose` are several times faster
 * than matMul's transpose flags).
 */
import * as tf from "@tensorflow/tfjs";
import type { Mlp } from "../model/mlp.ts";
import { activate, activationSlope } from "../model/activation.ts";

/**
 * The training set on the device: inputs [n, d], their transpose [d, n], targets [n, 1] and a
 * row of ones [1, n] (bias gradients as `ones x delta`, faster than a column sum on wasm and
 * webgpu).
 */
export interface DeviceData {
  x: tf.Tensor2D;
  xT: tf.Tensor2D;
  y: tf.Tensor2D;
  ones: tf.Tensor2D;
  n: number;
  /**
   * The input columns that are not zero for every sample (null when all are used): the first
   * layer multiplies only these columns and the matching rows of its weights. This is exact: a
   * column that is zero in every sample adds nothing to the forward pass, and the gradient of
   * its weight row, sum_i x_ij delta_i, is exactly zero (on MNIST 3 vs 8, 202 of 784 pixels).
   */
  active: ActiveColumns | null;
}

/** The first layer's used input columns: their indices and the reduced inputs. */
export interface ActiveColumns {
  /** Column indices [d_r] and the same as scatter indices [d_r, 1]. */
  rows: tf.Tensor1D;
  scatterRows: tf.Tensor2D;
  /** Inputs restricted to the columns, [n, d_r], and its transpose [d_r, n]. */
  x: tf.Tensor2D;
  xT: tf.Tensor2D;
}

/** Indices of the columns of `x` (rows of `d` values) that are non-zero in some row. */
export function usedColumns(x: Float32Array, n: number, d: number): number[] {
  const used: number[] = [];
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) {
      if (x[i * d + j] !== 0) {
        used.push(j);
        break;
      }
    }
  }
  return used;
}

/**
 * How products with a transposed left operand are formed: explicit `tf.transpose` (fastest on plain
 * wasm, where the flags are 15-20x slower) or matMul's transposeA flag (faster on webgpu, and free
 * on the system BLAS, where it saves the copy). A transposed
 * right operand (a weight matrix) is always transposed explicitly.
 */
export type TransposeMode = "explicit" | "flags";

/** Loss and the gradient of every layer, each multiplied by `scale`. */
export type LossAndGrads = {
  loss: tf.Scalar;
  gW: tf.Tensor2D[];
  gB: tf.Tensor1D[];
};

/** Uploads inputs and targets of a dataset (rows of `d` values) to the current backend. */
export function toDevice(x: Float32Array, y: Float32Array, n: number): DeviceData {
  const d = x.length / n;
  if (!Number.isInteger(d) || y.length !== n) {
    throw new RangeError(
      `Cannot upload data: x has ${x.length} values and y ${y.length} for n = ${n} samples`,
    );
  }
  const used = usedColumns(x, n, d);
  const base = tf.tidy(() => {
    const xs = tf.tensor2d(x, [n, d]);
    return {
      x: xs,
      xT: tf.transpose(xs),
      y: tf.tensor2d(y, [n, 1]),
      ones: tf.ones([1, n]) as tf.Tensor2D,
    };
  });
  let active: ActiveColumns | null = null;
  if (used.length < d && used.length > 0) {
    const rows = tf.tensor1d(used, "int32");
    const xr = tf.gather(base.x, rows, 1) as tf.Tensor2D;
    active = {
      rows,
      scatterRows: tf.tensor2d(used, [used.length, 1], "int32"),
      x: xr,
      xT: tf.transpose(xr),
    };
  }
  return { ...base, n, active };
}

/** Disposes the device copy of a dataset. */
export function disposeDeviceData(data: DeviceData): void {
  tf.dispose([data.x, data.xT, data.y, data.ones]);
  const a = data.active;
  if (a !== null) tf.dispose([a.rows, a.scatterRows, a.x, a.xT]);
}

/**
 * a b with either operand transposed: a transposed left operand by matMul's flag or explicitly
 * (per `mode`), a transposed right operand always explicitly.
 */
export function product(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  ta: boolean,
  tb: boolean,
  mode: TransposeMode,
): tf.Tensor2D {
  // transposeB measured 4x slower than an explicit transpose on webgpu, and b is always small here
  const right = tb ? tf.transpose(b) : b;
  if (mode === "flags") return tf.matMul(a, right, ta, false);
  return tf.matMul(ta ? tf.transpose(a) : a, right);
}

/**
 * The loss at the current weights and `scale` times its gradient (scale = -lr gives the update
 * itself). Call inside `tf.tidy`; every returned tensor is new.
 *
 * @example
 * const { loss, gW, gB } = tf.tidy(() => mlpLossAndGrads(mlp, data, 1));
 */
export function mlpLossAndGrads(
  mlp: Mlp,
  data: DeviceData,
  scale: number,
  mode: TransposeMode = "explicit",
): LossAndGrads {
  const last = mlp.layers.length - 1;
  const alpha = mlp.outputScale;
  const active = data.active;
  const x0 = active === null ? data.x : active.x;
  const inputs: tf.Tensor2D[] = [x0];
  const slopes: tf.Tensor2D[] = [];
  let a: tf.Tensor2D = x0;
  let out: tf.Tensor2D | null = null;
  mlp.layers.forEach(({ w, b }, l) => {
    const weight = l === 0 && active !== null
      ? tf.gather(w as tf.Tensor2D, active.rows) as tf.Tensor2D
      : w as tf.Tensor2D;
    const z = tf.add(tf.matMul(a, weight), b) as tf.Tensor2D;
    if (l < last) {
      slopes.push(activationSlope(z, mlp.activation));
      a = activate(z, mlp.activation);
      inputs.push(a);
    } else {
      out = alpha === 1 ? z : tf.mul(z, alpha);
    }
  });
  const r = tf.sub(out!, data.y) as tf.Tensor2D;
  const loss = tf.div(tf.sum(tf.square(r)), 2 * data.n * alpha * alpha) as tf.Scalar;
  let delta = tf.mul(r, scale / (data.n * alpha)) as tf.Tensor2D;
  const gW: tf.Tensor2D[] = [];
  const gB: tf.Tensor1D[] = [];
  for (let l = last; l >= 0; l--) {
    const input = inputs[l]!;
    gW[l] = l === 0 && mode === "explicit"
      ? tf.matMul(active === null ? data.xT : active.xT, delta)
      : product(input, delta, true, false, mode);
    if (l === 0 && active !== null) {
      gW[0] = tf.scatterND(active.scatterRows, gW[0]!, mlp.layers[0]!.w.shape as [number, number]);
    }
    gB[l] = tf.reshape(tf.matMul(data.ones, delta), [delta.shape[1]]);
    if (l > 0) {
      const back = product(delta, mlp.layers[l]!.w as tf.Tensor2D, false, true, mode);
      delta = tf.mul(back, slopes[l - 1]!);
    }
  }
  return { loss, gW, gB };
}
