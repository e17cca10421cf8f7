/**
 * Exact Hessian-vector products of the MLP's squared loss L = 1/(2 n alpha^2) sum (alpha f - y)^2
 * by Pearlmutter's R-operator applied to plbench's own backward pass (src/train/mlp_backprop.ts),
 * in float32 on the training backend, on the whole training set.
 *
 * At a point theta the forward and backward pass are taken once (`mlpCurvatureAt`) and kept:
 * inputs a_l, slopes s_l = sigma'(z_l) of the activation sigma (Softplus: sigmoid; ReLU: step), the
 * backpropagated deltas d_l = dL/dz_l and (d_{l+1} W_{l+1}^T) o sigma''(z_l) (ReLU: 0;
 * src/model/activation.ts). A product H v for v = (V_l, c_l) then costs one
 * R-forward and one R-backward pass:
 *   R{z_l} = R{a_{l-1}} W_l + a_{l-1} V_l + c_l,   R{a_l} = s_l o R{z_l},   R{a_0} = 0,
 *   R{d_L} = R{z_L} / n                            (the output alpha z_L, d_L = r / (n alpha)),
 *   R{d_{l-1}} = (R{d_l} W_l^T + d_l V_l^T) o s_{l-1} + (d_l W_l^T) o sigma''(z_{l-1}) o R{z_{l-1}},
 *   (H v)_{W_l} = a_{l-1}^T R{d_l} + R{a_{l-1}}^T d_l,   (H v)_{b_l} = 1^T R{d_l}.
 * Dropping every term with a d_l leaves the Gauss-Newton product G v = J^T J v / (n alpha^2) of
 * the kernel of alpha f: lambda_max(G) = lambda_max(K) / (n alpha^2), and H = G wherever the
 * residual r = alpha f - y vanishes.
 *
 * Vectors are flat: layer by layer, the weights row-major [fanIn, fanOut], then the biases (the
 * order of `mlpParameters`).
 */
import * as tf from "@tensorflow/tfjs";
import type { Mlp } from "../model/mlp.ts";
import { activate, activationCurvature, activationSlope } from "../model/activation.ts";
import { type DeviceData, product, type TransposeMode } from "../train/mlp_backprop.ts";
import type { SymmetricOperator } from "./lanczos.ts";

/** Which curvature: the full Hessian, or its Gauss-Newton part (the residual term dropped). */
export type CurvatureKind = "hessian" | "gauss-newton";

/** The MLP's trainable tensors in the flat order: W_0, b_0, W_1, b_1, ... */
export function mlpParameters(mlp: Mlp): tf.Variable[] {
  return mlp.layers.flatMap(({ w, b }) => [w, b]);
}

/** Tensors flattened and concatenated into one vector (call inside `tf.tidy`). */
export function flatten(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.concat(tensors.map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D;
}

/** A flat vector cut into tensors of the given shapes (call inside `tf.tidy`). */
export function unflatten(v: tf.Tensor1D, shapes: readonly number[][]): tf.Tensor[] {
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  return tf.split(v, sizes).map((piece, i) => tf.reshape(piece, shapes[i]!));
}

/** The curvature of the MLP's loss at its current weights: products on demand, then `dispose`. */
export interface MlpCurvature extends SymmetricOperator {
  /** The loss at the point (read back once). */
  loss: number;
  dispose(): void;
}

/**
 * Takes the forward and backward pass at the MLP's current weights once and returns the operator
 * v -> H v (or G v for `gauss-newton`) on flat vectors. The weights must not change while it is in
 * use; the caller disposes it.
 *
 * @example
 * const h = await mlpCurvatureAt(mlp, data);
 * const hv = tf.tidy(() => h.apply(v));
 * h.dispose();
 */
export async function mlpCurvatureAt(
  mlp: Mlp,
  data: DeviceData,
  kind: CurvatureKind = "hessian",
  mode: TransposeMode = "explicit",
): Promise<MlpCurvature> {
  const last = mlp.layers.length - 1;
  const alpha = mlp.outputScale;
  const active = data.active;
  const shapes = mlpParameters(mlp).map((p) => p.shape);
  const point = tf.tidy(() => {
    const weights = mlp.layers.map(({ w }, l) =>
      l === 0 && active !== null
        ? tf.gather(w as tf.Tensor2D, active.rows) as tf.Tensor2D
        : w as tf.Tensor2D
    );
    const inputs: tf.Tensor2D[] = [active === null ? data.x : active.x];
    const slopes: tf.Tensor2D[] = [];
    const curvatures: tf.Tensor2D[] = [];
    let out: tf.Tensor2D | null = null;
    weights.forEach((w, l) => {
      const z = tf.add(tf.matMul(inputs[l]!, w), mlp.layers[l]!.b) as tf.Tensor2D;
      if (l < last) {
        slopes.push(activationSlope(z, mlp.activation));
        curvatures.push(activationCurvature(z, mlp.activation));
        inputs.push(activate(z, mlp.activation));
      } else {
        out = alpha === 1 ? z : tf.mul(z, alpha);
      }
    });
    const r = tf.sub(out!, data.y);
    const loss = tf.div(tf.sum(tf.square(r)), 2 * data.n * alpha * alpha) as tf.Scalar;
    const deltas: tf.Tensor2D[] = [];
    deltas[last] = tf.mul(r, 1 / (data.n * alpha)) as tf.Tensor2D;
    // bends[l] = (d_{l+1} W_{l+1}^T) o sigma''(z_l): the residual's curvature term
    const bends: tf.Tensor2D[] = [];
    for (let l = last; l > 0; l--) {
      const back = product(deltas[l]!, weights[l]!, false, true, mode);
      deltas[l - 1] = tf.mul(back, slopes[l - 1]!);
      bends[l - 1] = tf.mul(back, curvatures[l - 1]!);
    }
    return { weights, inputs, slopes, deltas, bends, loss };
  });
  const loss = (await point.loss.data())[0]!;
  const owned = [
    ...point.weights.filter((w, l) => l === 0 && active !== null && w !== mlp.layers[0]!.w),
    ...point.inputs.slice(1),
    ...point.slopes,
    ...point.deltas,
    ...point.bends,
    point.loss,
  ];
  const residualTerms = kind === "hessian";

  const apply = (v: tf.Tensor1D): tf.Tensor1D => {
    const parts = unflatten(v, shapes);
    const vw = parts.filter((_, i) => i % 2 === 0) as tf.Tensor2D[];
    const vb = parts.filter((_, i) => i % 2 === 1);
    if (active !== null) vw[0] = tf.gather(vw[0]!, active.rows) as tf.Tensor2D;
    // R-forward: rz[l] = R{z_l}, ra[l] = R{a_l} (the input of layer l + 1); R{a_0} = 0
    const rz: tf.Tensor2D[] = [];
    const ra: (tf.Tensor2D | null)[] = [null];
    for (let l = 0; l <= last; l++) {
      let z = tf.add(tf.matMul(point.inputs[l]!, vw[l]!), vb[l]!) as tf.Tensor2D;
      const inbound = ra[l]!;
      if (inbound !== null) z = tf.add(z, tf.matMul(inbound, point.weights[l]!));
      rz.push(z);
      if (l < last) ra.push(tf.mul(point.slopes[l]!, z));
    }
    // R-backward
    let rd = tf.div(rz[last]!, data.n) as tf.Tensor2D;
    const gw: tf.Tensor[] = [];
    const gb: tf.Tensor[] = [];
    for (let l = last; l >= 0; l--) {
      let w = product(point.inputs[l]!, rd, true, false, mode);
      const inbound = ra[l]!;
      if (residualTerms && inbound !== null) {
        w = tf.add(w, product(inbound, point.deltas[l]!, true, false, mode));
      }
      if (l === 0 && active !== null) {
        w = tf.scatterND(active.scatterRows, w, mlp.layers[0]!.w.shape as [number, number]);
      }
      gw[l] = w;
      gb[l] = tf.reshape(tf.matMul(data.ones, rd), [rd.shape[1]]);
      if (l > 0) {
        let back = product(rd, point.weights[l]!, false, true, mode);
        if (residualTerms) {
          back = tf.add(back, product(point.deltas[l]!, vw[l]!, false, true, mode));
        }
        rd = tf.mul(back, point.slopes[l - 1]!);
        if (residualTerms) rd = tf.add(rd, tf.mul(point.bends[l - 1]!, rz[l - 1]!));
      }
    }
    return flatten(gw.flatMap((w, l) => [w, gb[l]!]));
  };

  return {
    dim: shapes.reduce((s, shape) => s + shape.reduce((a, b) => a * b, 1), 0),
    loss,
    apply,
    dispose: () => tf.dispose(owned),
  };
}
