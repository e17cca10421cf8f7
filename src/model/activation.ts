/**
 * The hidden-layer activations of the MLPs: Softplus ln(1 + e^z), the smooth one of paper 004
 * Section 6.1, and ReLU max(0, z), the one of the earlier version (paper 001, Section 6.1); each
 * with its slope, which the hand-written backward passes (training and the structured NTK) use,
 * on the device (tfjs) and on the host in float64 (the tests' references).
 */
import * as tf from "@tensorflow/tfjs";

/** A hidden-layer activation. */
export type Activation = "softplus" | "relu";

/** Every activation, the default (Softplus) first. */
export const ACTIVATIONS: readonly Activation[] = ["softplus", "relu"];

/** Refuses anything but a known activation, naming the value. */
export function checkActivation(value: unknown): Activation {
  if (!ACTIVATIONS.includes(value as Activation)) {
    throw new RangeError(
      `Unknown activation ${JSON.stringify(value)}: expected one of ${ACTIVATIONS.join(", ")}`,
    );
  }
  return value as Activation;
}

/**
 * The activation of the pre-activations `z`, on the device.
 *
 * @example
 * activate(tf.tensor2d([[-1, 2]]), "relu"); // [[0, 2]]
 */
export function activate(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return activation === "relu" ? tf.relu(z) : tf.softplus(z);
}

/**
 * The slope of the activation at `z`, on the device: sigmoid(z) for Softplus; for ReLU 1 where
 * z > 0 and 0 elsewhere (0 at the kink, as tfjs's own ReLU gradient).
 *
 * @example
 * activationSlope(tf.tensor2d([[-1, 0, 2]]), "relu"); // [[0, 0, 1]]
 */
export function activationSlope(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return activation === "relu" ? tf.step(z) : tf.sigmoid(z);
}

/**
 * The activation's second derivative at `z`, on the device: sigmoid(z) (1 - sigmoid(z)) for
 * Softplus; 0 for ReLU (its curvature is a point mass at the kink, which a pre-activation of a
 * trained network meets with probability zero, and which tfjs's gradients ignore too).
 */
export function activationCurvature(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  if (activation === "relu") return tf.zerosLike(z);
  return tf.tidy(() => {
    const s = tf.sigmoid(z);
    return tf.mul(s, tf.sub(1, s));
  });
}

/**
 * The activation on the host in float64.
 *
 * @example
 * activate64(2, "softplus"); // 2.1269...
 */
export function activate64(z: number, activation: Activation): number {
  if (activation === "relu") return z > 0 ? z : 0;
  return z > 30 ? z : Math.log1p(Math.exp(z));
}

/** The activation's slope on the host in float64 (ReLU: 0 at the kink, as on the device). */
export function activationSlope64(z: number, activation: Activation): number {
  if (activation === "relu") return z > 0 ? 1 : 0;
  return 1 / (1 + Math.exp(-z));
}
