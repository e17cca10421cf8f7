/**
 * Convolutions written as patch extraction + one matrix product (im2col), with zero padding
 * (k - 1) / 2 on each side as in PyTorch's `padding=k//2`. Every op used has a gradient on every
 * tfjs backend (the wasm backend has no Conv2DBackpropFilter kernel), and the product's gradient
 * uses explicit transposes, which wasm runs 15-20x faster than transposed-operand matMuls.
 */
import * as tf from "@tensorflow/tfjs";

/** a [m, k] times b [k, p], with a gradient that transposes explicitly. */
export const matMulFast: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D = tf.customGrad(
  ((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        tf.matMul(dy as tf.Tensor2D, tf.transpose(saved[1]!) as tf.Tensor2D),
        tf.matMul(tf.transpose(saved[0]!) as tf.Tensor2D, dy as tf.Tensor2D),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0],
) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** Rows/columns start, start + stride, ... (count of them) of x along axes 1 and 2. */
function strided(
  x: tf.Tensor4D,
  dy: number,
  dx: number,
  count: [number, number],
  stride: number,
): tf.Tensor4D {
  const [n, , , c] = x.shape;
  const [ho, wo] = count;
  if (stride === 1) return tf.slice(x, [0, dy, dx, 0], [n, ho, wo, c]);
  const block = tf.slice(x, [0, dy, dx, 0], [n, ho * stride, wo * stride, c]);
  const split = tf.reshape(block, [n, ho, stride, wo, stride, c]);
  return tf.reshape(tf.slice(split, [0, 0, 0, 0, 0, 0], [n, ho, 1, wo, 1, c]), [n, ho, wo, c]);
}

/**
 * 2-D convolution of NHWC `x` with a [k, k, cin, cout] filter (k odd), stride `stride`, padding
 * (k - 1) / 2: output side floor((H + k - 1 - k) / stride) + 1.
 *
 * @example
 * const y = conv2dSame(x, w, 2); // x [n, 28, 28, 8], w [3, 3, 8, 16] -> [n, 14, 14, 16]
 */
export function conv2dSame(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  const [n, h, wd, cin] = x.shape;
  const [k, k2, wcin, cout] = w.shape;
  if (k !== k2 || k % 2 !== 1 || wcin !== cin) {
    throw new RangeError(
      `Cannot convolve: filter must be [k, k, ${cin}, cout] with k odd, got [${w.shape}]`,
    );
  }
  return tf.tidy(() => {
    const pad = (k - 1) / 2;
    const ho = Math.floor((h + 2 * pad - k) / stride) + 1;
    const wo = Math.floor((wd + 2 * pad - k) / stride) + 1;
    // Extra zeros after the input so the reshape-based striding can take whole blocks.
    const extraH = Math.max(0, k - 1 + ho * stride - (h + 2 * pad));
    const extraW = Math.max(0, k - 1 + wo * stride - (wd + 2 * pad));
    const padded: tf.Tensor4D = pad + extraH + extraW > 0
      ? tf.pad(x, [[0, 0], [pad, pad + extraH], [pad, pad + extraW], [0, 0]])
      : x;
    const patches: tf.Tensor4D[] = [];
    for (let dy = 0; dy < k; dy++) {
      for (let dx = 0; dx < k; dx++) patches.push(strided(padded, dy, dx, [ho, wo], stride));
    }
    const cols = patches.length === 1 ? patches[0]! : tf.concat(patches, 3);
    const out = matMulFast(
      tf.reshape(cols, [n * ho * wo, k * k * cin]),
      tf.reshape(w, [k * k * cin, cout]),
    );
    return tf.reshape(out, [n, ho, wo, cout]);
  });
}
