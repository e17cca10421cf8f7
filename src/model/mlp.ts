/**
 * The fully connected network of paper 004, Section 6.1: `depth` hidden layers of width `width`,
 * Softplus after each hidden layer (ReLU, the activation of paper 001 Section 6.1, on request), a
 * scalar output, He (Kaiming normal, fan-in) weights and zero biases, all drawn in TypeScript from
 * the seed so every backend starts from the same weights. The model output is `outputScale * f(x)`
 * (alpha = 1 is the plain network).
 */
import * as tf from "@tensorflow/tfjs";
import { normalArray } from "../util/random.ts";
import { activate, type Activation, checkActivation } from "./activation.ts";

/** One dense layer: weights [fanIn, fanOut] and biases [fanOut]. */
export interface MlpLayer {
  w: tf.Variable;
  b: tf.Variable;
}

/** The network: hidden layers then the output layer (fanOut = 1); the activation after all but the last. */
export interface Mlp {
  layers: MlpLayer[];
  inputDim: number;
  width: number;
  depth: number;
  /** alpha: the model's output is alpha * f(x). */
  outputScale: number;
  /** The hidden layers' activation. */
  activation: Activation;
}

/** Weight initialisation: He, or He with every layer's variance divided by the depth. */
export type MlpInit = "he" | "depth-scaled-he";

/** Shape and initialisation of an MLP. */
export interface MlpOptions {
  inputDim: number;
  width: number;
  /** Hidden layers (default 4). */
  depth?: number;
  seed: number;
  init?: MlpInit;
  /** Multiplies every layer's weight variance (default 1); depth-scaled-he also divides by depth. */
  initScale?: number;
  outputScale?: number;
  /** Hidden-layer activation (default Softplus). */
  activation?: Activation;
}

/** Layer sizes [inputDim, width x depth, 1]. */
export function mlpLayerSizes(inputDim: number, width: number, depth = 4): number[] {
  for (const [name, v] of [["inputDim", inputDim], ["width", width], ["depth", depth]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`Cannot build an MLP: ${name} must be a positive integer, got ${v}`);
    }
  }
  return [inputDim, ...new Array<number>(depth).fill(width), 1];
}

/**
 * Number of parameters (weights and biases).
 *
 * @example
 * mlpParamCount(784, 128); // 150145
 */
export function mlpParamCount(inputDim: number, width: number, depth = 4): number {
  const sizes = mlpLayerSizes(inputDim, width, depth);
  let p = 0;
  for (let l = 0; l + 1 < sizes.length; l++) p += (sizes[l]! + 1) * sizes[l + 1]!;
  return p;
}

/** Standard deviation of layer weights: sqrt(2 / fanIn * initScale [/ depth]). */
export function initStd(
  fanIn: number,
  opts: Pick<MlpOptions, "init" | "initScale" | "depth">,
): number {
  const scale = opts.initScale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(
      `Cannot initialise an MLP: initScale must be a positive number, got ${scale}`,
    );
  }
  const depthFactor = (opts.init ?? "he") === "depth-scaled-he" ? 1 / (opts.depth ?? 4) : 1;
  return Math.sqrt((2 / fanIn) * scale * depthFactor);
}

/** Initial weights and biases as host arrays (layer l's weights are stream l of the seed). */
export function initialMlpValues(opts: MlpOptions): { w: Float32Array; b: Float32Array }[] {
  const init = opts.init ?? "he";
  if (init !== "he" && init !== "depth-scaled-he") {
    throw new RangeError(
      `Cannot initialise an MLP: init must be he or depth-scaled-he, got ${init}`,
    );
  }
  const sizes = mlpLayerSizes(opts.inputDim, opts.width, opts.depth ?? 4);
  return sizes.slice(0, -1).map((fanIn, l) => {
    const fanOut = sizes[l + 1]!;
    return {
      w: normalArray(opts.seed, l, fanIn * fanOut, initStd(fanIn, opts)),
      b: new Float32Array(fanOut),
    };
  });
}

/**
 * Creates the MLP's variables on the current tfjs backend.
 *
 * @example
 * const mlp = createMlp({ inputDim: 784, width: 128, seed: 0 });
 */
export function createMlp(opts: MlpOptions): Mlp {
  const outputScale = opts.outputScale ?? 1;
  if (!Number.isFinite(outputScale) || outputScale === 0) {
    throw new RangeError(
      `Cannot build an MLP: outputScale must be finite and non-zero, got ${outputScale}`,
    );
  }
  const activation = checkActivation(opts.activation ?? "softplus");
  const sizes = mlpLayerSizes(opts.inputDim, opts.width, opts.depth ?? 4);
  const toVariable = (t: tf.Tensor): tf.Variable => {
    const v = tf.variable(t, true);
    t.dispose();
    return v;
  };
  const layers = initialMlpValues(opts).map(({ w, b }, l) => ({
    w: toVariable(tf.tensor2d(w, [sizes[l]!, sizes[l + 1]!])),
    b: toVariable(tf.tensor1d(b)),
  }));
  return {
    layers,
    inputDim: opts.inputDim,
    width: opts.width,
    depth: opts.depth ?? 4,
    outputScale,
    activation,
  };
}

/** The model output alpha * f(x) for inputs x [n, inputDim], as [n, 1] (plain tfjs ops, differentiable). */
export function mlpForward(mlp: Mlp, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    let a: tf.Tensor2D = x;
    mlp.layers.forEach((layer, l) => {
      const z = tf.add(tf.matMul(a, layer.w), layer.b) as tf.Tensor2D;
      a = l + 1 < mlp.layers.length ? activate(z, mlp.activation) : z;
    });
    return tf.mul(a, mlp.outputScale);
  });
}

/** Number of parameters of a built MLP. */
export function countParams(mlp: Mlp): number {
  return mlp.layers.reduce((s, { w, b }) => s + w.size + b.size, 0);
}

/** Disposes the MLP's variables. */
export function disposeMlp(mlp: Mlp): void {
  for (const { w, b } of mlp.layers) tf.dispose([w, b]);
}
