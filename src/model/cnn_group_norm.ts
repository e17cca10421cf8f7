/**
 * Group normalisation (Wu and He, 2018) for NHWC tensors; tfjs has no GroupNorm layer.
 */
import * as tf from "@tensorflow/tfjs";

/** Epsilon added to the group variance, as in PyTorch's GroupNorm. */
export const GROUP_NORM_EPS = 1e-5;

/**
 * Normalises each sample's channels in `groups` groups over (H, W, channels of the group) with the
 * biased variance, then applies the per-channel affine `gamma`, `beta` (shape [C]).
 *
 * @example
 * const y = groupNorm(x, tf.ones([8]), tf.zeros([8]), 4); // x: [n, h, w, 8]
 */
export function groupNorm(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  groups: number,
): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (!Number.isInteger(groups) || groups < 1 || c % groups !== 0) {
    throw new RangeError(
      `Cannot apply GroupNorm: groups must be a positive divisor of the channel count ${c}, ` +
        `got ${groups}`,
    );
  }
  // Two-pass statistics from per-channel sums over H and W (a reduction the wasm backend runs
  // fast), pooled within each group, broadcast back per channel.
  const perGroup = (sums: tf.Tensor2D): tf.Tensor4D => {
    const pooled = tf.sum(tf.reshape(sums, [n, groups, c / groups]), 2, true);
    const spread = tf.tile(pooled, [1, 1, c / groups]);
    return tf.reshape(tf.div(spread, h * w * (c / groups)), [n, 1, 1, c]);
  };
  return tf.tidy(() => {
    const mean = perGroup(tf.sum(x, [1, 2]));
    const centered = tf.sub(x, mean);
    const variance = perGroup(tf.sum(tf.square(centered), [1, 2]));
    const scale = tf.mul(tf.rsqrt(tf.add(variance, GROUP_NORM_EPS)), gamma);
    return tf.add(tf.mul(centered, scale), beta) as tf.Tensor4D;
  });
}

/**
 * Groups used for a layer of `channels` channels when at most `maxGroups` are asked for:
 * min(maxGroups, channels), refused unless it divides `channels`.
 *
 * @example
 * groupsFor(16, 8); // 8
 */
export function groupsFor(channels: number, maxGroups: number): number {
  const g = Math.min(maxGroups, channels);
  if (!Number.isInteger(maxGroups) || maxGroups < 1 || channels % g !== 0) {
    throw new RangeError(
      `Invalid groups ${maxGroups}: min(groups, channels) must divide every channel count, ` +
        `got ${channels} channels`,
    );
  }
  return g;
}
