/**
 * Small networks for the NTK tests, each with a float64 forward pass written in plain TypeScript
 * so that finite differences are taken far above float32 rounding.
 */
import * as tf from "@tensorflow/tfjs";
import type { MlpLike } from "./structured_ntk.ts";
import { activate, activate64, type Activation } from "../model/activation.ts";

/** An MLP (Softplus unless told) with layer sizes `dims` (last = outputs) and seeded normal weights. */
export function smallMlp(
  dims: number[],
  seed: number,
  outputScale?: number,
  activation: Activation = "softplus",
): MlpLike & {
  variables: tf.Variable[];
} {
  const layers = [];
  for (let l = 0; l + 1 < dims.length; l++) {
    const fanIn = dims[l]!;
    const fanOut = dims[l + 1]!;
    layers.push({
      w: tf.variable(
        tf.randomNormal([fanIn, fanOut], 0, Math.sqrt(2 / fanIn), "float32", seed + l),
      ),
      b: tf.variable(tf.randomNormal([fanOut], 0, 0.1, "float32", seed + 100 + l)),
    });
  }
  return {
    layers,
    outputScale,
    activation,
    variables: layers.flatMap((layer) => [layer.w, layer.b]),
  };
}

/** Batched forward pass of an MLP built by `smallMlp`, as a tfjs function: [k, d] -> [k, C]. */
export function mlpApply(mlp: MlpLike, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let a = x as tf.Tensor2D;
    mlp.layers.forEach((layer, l) => {
      const z = tf.add(tf.matMul(a, layer.w as tf.Tensor2D), layer.b) as tf.Tensor2D;
      a = l + 1 < mlp.layers.length ? activate(z, mlp.activation ?? "softplus") : z;
    });
    return tf.mul(a, mlp.outputScale ?? 1);
  });
}

/** Flattened parameters of a variable list, in float64. */
export function flatParams(variables: tf.Variable[]): Float64Array {
  return Float64Array.from(variables.flatMap((v) => Array.from(v.dataSync())));
}

/** float64 forward of an MLP with sizes `dims` on one input, from flattened parameters. */
export function mlpForward64(
  dims: number[],
  theta: Float64Array,
  x: number[],
  activation: Activation = "softplus",
): number[] {
  let a = x;
  let offset = 0;
  for (let l = 0; l + 1 < dims.length; l++) {
    const fanIn = dims[l]!;
    const fanOut = dims[l + 1]!;
    const z = new Array<number>(fanOut).fill(0);
    for (let p = 0; p < fanIn; p++) {
      for (let q = 0; q < fanOut; q++) z[q]! += a[p]! * theta[offset + p * fanOut + q]!;
    }
    offset += fanIn * fanOut;
    for (let q = 0; q < fanOut; q++) z[q]! += theta[offset + q]!;
    offset += fanOut;
    a = l + 2 < dims.length ? z.map((v) => activate64(v, activation)) : z;
  }
  return a;
}

/**
 * The smallest |pre-activation| of any hidden unit over the inputs `xs` (float64, parameters
 * flattened as in `mlpForward64`): central differences of step h see a ReLU kink only below h.
 */
export function minAbsPreActivation(dims: number[], theta: Float64Array, xs: number[][]): number {
  let min = Infinity;
  for (const x of xs) {
    let a = x;
    let offset = 0;
    for (let l = 0; l + 2 < dims.length; l++) {
      const fanIn = dims[l]!;
      const fanOut = dims[l + 1]!;
      const z = new Array<number>(fanOut).fill(0);
      for (let p = 0; p < fanIn; p++) {
        for (let q = 0; q < fanOut; q++) z[q]! += a[p]! * theta[offset + p * fanOut + q]!;
      }
      offset += fanIn * fanOut;
      for (let q = 0; q < fanOut; q++) z[q]! += theta[offset + q]!;
      offset += fanOut;
      for (const v of z) min = Math.min(min, Math.abs(v));
      a = z.map((v) => Math.max(v, 0));
    }
  }
  return min;
}

/** Central-difference Jacobian (rows sample-major i*C + c, float64) with step h. */
export function finiteDifferenceJacobian(
  forward: (theta: Float64Array, x: number[]) => number[],
  theta: Float64Array,
  xs: number[][],
  outputs: number,
  h = 1e-5,
): Float64Array {
  const p = theta.length;
  const jac = new Float64Array(xs.length * outputs * p);
  const t = Float64Array.from(theta);
  for (let j = 0; j < p; j++) {
    const orig = t[j]!;
    t[j] = orig + h;
    const plus = xs.map((x) => forward(t, x));
    t[j] = orig - h;
    const minus = xs.map((x) => forward(t, x));
    t[j] = orig;
    xs.forEach((_, i) => {
      for (let c = 0; c < outputs; c++) {
        jac[(i * outputs + c) * p + j] = (plus[i]![c]! - minus[i]![c]!) / (2 * h);
      }
    });
  }
  return jac;
}
