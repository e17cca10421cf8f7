/**
 * Convolutions with zero padding (k - 1) / 2 on each side, as PyTorch's `padding=k//2`, built from
 * ops every tfjs backend runs fast. The wasm backend has no Conv2DBackpropFilter kernel and a slow
 * Conv2DBackpropInput, so the gradient is written with forward convolutions only: the filter
 * gradient is a dilated convolution of the input with the output gradient (batch and channel axes
 * swapped), the input gradient a full convolution of the (zero-dilated) output gradient with the
 * rotated filter, each again a convolution of the same kind (so second derivatives work too). Matrix products transpose explicitly, which wasm runs 15-20x faster than
 * transposed-operand matMuls.
 */
import * as tf from "@tensorflow/tfjs";

/**
 * a [m, k] times b [k, p], with a gradient that transposes explicitly and is itself made of
 * `matMulFast` products, so that a gradient of the gradient (a Hessian-vector product) transposes
 * explicitly too.
 */
export const matMulFast: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D = tf.customGrad(
  ((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        matMulFast(dy as tf.Tensor2D, tf.transpose(saved[1]!) as tf.Tensor2D),
        matMulFast(tf.transpose(saved[0]!) as tf.Tensor2D, dy as tf.Tensor2D),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0],
) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/**
 * Spreads [n, h, w, c] to [n, s(h - 1) + 1, s(w - 1) + 1, c] with s - 1 zeros between entries,
 * with rank-4 pads only (the webgpu backend pads rank-6 tensors wrongly).
 */
function dilate(x: tf.Tensor4D, s: number): tf.Tensor4D {
  if (s === 1) return x;
  const [n, h, w, c] = x.shape;
  const cols = tf.pad(tf.reshape(x, [n * h, w, 1, c]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]);
  const rows = tf.pad(tf.reshape(cols, [n, h, 1, w * s * c]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]);
  const spread = tf.reshape(rows, [n, h * s, w * s, c]) as tf.Tensor4D;
  return tf.slice(spread, 0, [n, s * (h - 1) + 1, s * (w - 1) + 1, c]);
}

type Conv = (xp: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;
const validConvs = new Map<string, Conv>();

/**
 * 'valid' convolution of an already padded input with stride `stride` and filter dilation
 * `dilation` (one of them 1, as tfjs requires), y[n, i, j, o] = sum x[n, S i + D a, S j + D b, c]
 * w[a, b, c, o], whose gradients are convolutions of this same family, computed by forward
 * convolutions only:
 * - dW[a, b, c, o] = sum_{n,i,j} x[n, S i + D a, S j + D b, c] g[n, i, j, o]: x with batch and
 *   channel axes swapped, convolved with g as the filter at stride D and dilation S;
 * - dx = the zero-dilated (by S) g, padded by D (k - 1), convolved at stride 1 and dilation D with
 *   the filter rotated by 180 degrees (channels swapped).
 * The family is closed under these rules ((S, 1) -> (1, S) and (1, 1); (1, D) -> (D, 1) and
 * (1, D)), so gradients of gradients, and Hessian-vector products, run on every backend too.
 */
function validConv(stride: number, dilation = 1): Conv {
  const key = `${stride}:${dilation}`;
  const known = validConvs.get(key);
  if (known !== undefined) return known;
  const conv = tf.customGrad(
    ((xp: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
      save([xp, w]);
      const value = tf.conv2d(
        xp as tf.Tensor4D,
        w as tf.Tensor4D,
        stride,
        "valid",
        "NHWC",
        dilation,
      );
      return {
        value,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
          tf.tidy(() => {
            const [x, f] = saved as [tf.Tensor4D, tf.Tensor4D];
            const g = dy as tf.Tensor4D;
            const [n, hp, wp, cin] = x.shape;
            const reach = dilation * (f.shape[0] - 1);
            const [, ho, wo] = g.shape;
            const spanH = stride * (ho - 1) + reach + 1;
            const spanW = stride * (wo - 1) + reach + 1;
            const xt = tf.transpose(tf.slice(x, 0, [n, spanH, spanW, cin]), [3, 1, 2, 0]);
            const gt = tf.transpose(g, [1, 2, 0, 3]);
            const dw = tf.transpose(
              validConv(dilation, stride)(xt as tf.Tensor4D, gt as tf.Tensor4D),
              [1, 2, 0, 3],
            );
            const rot = tf.transpose(tf.reverse(f, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
            const full = tf.pad(dilate(g, stride), [[0, 0], [reach, reach], [reach, reach], [
              0,
              0,
            ]]);
            const dx = tf.pad(validConv(1, dilation)(full as tf.Tensor4D, rot), [
              [0, 0],
              [0, hp - spanH],
              [0, wp - spanW],
              [0, 0],
            ]);
            return [dx, dw];
          }),
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0],
  ) as unknown as Conv;
  validConvs.set(key, conv);
  return conv;
}

/**
 * 2-D convolution of NHWC `x` with a [k, k, cin, cout] filter (k odd), stride `stride`, padding
 * (k - 1) / 2: output side floor((H - 1) / stride) + 1.
 *
 * @example
 * const y = conv2dSame(x, w, 2); // x [n, 28, 28, 8], w [3, 3, 8, 16] -> [n, 14, 14, 16]
 */
export function conv2dSame(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  const [, , , cin] = x.shape;
  const [k, k2, wcin] = w.shape;
  if (k !== k2 || k % 2 !== 1 || wcin !== cin) {
    throw new RangeError(
      `Cannot convolve: filter must be [k, k, ${cin}, cout] with k odd, got [${w.shape}]`,
    );
  }
  if (!Number.isInteger(stride) || stride < 1) {
    throw new RangeError(`Cannot convolve: stride must be a positive integer, got ${stride}`);
  }
  return tf.tidy(() => {
    const pad = (k - 1) / 2;
    const xp = pad > 0 ? tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]) : x;
    return validConv(stride)(xp, w);
  });
}
