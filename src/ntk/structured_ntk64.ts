/**
 * The structured NTK of a scalar-output Softplus MLP (see structured_ntk.ts) computed on the host
 * in float64, from the network's weights and inputs: the reference the float32 device kernel is
 * checked against, and the calibration of the float32 noise floor of lambda_min
 * (src/linalg/spectrum.ts).
 *
 *   K = sum_l (G_l G_l^T) o (A_{l-1} A_{l-1}^T + 1)
 *
 * Cost O(n^2 sum_l (fanIn_l + fanOut_l)) multiply-adds in plain TypeScript: milliseconds for a
 * probe subset, seconds for the 1976-input binary-MNIST training set.
 */

/** One layer's weights [fanIn x fanOut] (row-major) and biases, in any precision. */
export interface HostLayer {
  w: ArrayLike<number>;
  b: ArrayLike<number>;
  fanIn: number;
  fanOut: number;
}

function softplus(z: number): number {
  return z > 30 ? z : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Gram matrix M M^T (n x n) of the n rows of `width` values of M. */
function gram(m: Float64Array, n: number, width: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * width;
    for (let j = 0; j <= i; j++) {
      const rj = j * width;
      let s = 0;
      for (let q = 0; q < width; q++) s += m[ri + q]! * m[rj + q]!;
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/**
 * The float64 kernel (n x n, row-major) of alpha f on the n inputs `x` (rows of `inputDim`
 * values), for the MLP given by `layers` (Softplus after every layer but the last, whose fanOut is
 * 1).
 *
 * @example
 * const k = structuredNtk64(layers, xs, n, 784, 1); // Float64Array of n * n
 */
export function structuredNtk64(
  layers: readonly HostLayer[],
  x: ArrayLike<number>,
  n: number,
  inputDim: number,
  alpha = 1,
): Float64Array {
  const depth = layers.length;
  if (depth === 0 || layers[depth - 1]!.fanOut !== 1 || layers[0]!.fanIn !== inputDim) {
    throw new RangeError(
      `Cannot compute the float64 NTK: need layers from ${inputDim} inputs to 1 output`,
    );
  }
  if (x.length !== n * inputDim) {
    throw new RangeError(
      `Cannot compute the float64 NTK: ${n} inputs of ${inputDim} need ${n * inputDim} values, ` +
        `got ${x.length}`,
    );
  }
  const inputs: Float64Array[] = [Float64Array.from(x)];
  const slopes: Float64Array[] = [];
  for (let l = 0; l < depth - 1; l++) {
    const { w, b, fanIn, fanOut } = layers[l]!;
    const a = inputs[l]!;
    const next = new Float64Array(n * fanOut);
    const slope = new Float64Array(n * fanOut);
    for (let i = 0; i < n; i++) {
      for (let q = 0; q < fanOut; q++) {
        let z = b[q]!;
        for (let p = 0; p < fanIn; p++) {
          const v = a[i * fanIn + p]!;
          if (v !== 0) z += v * w[p * fanOut + q]!;
        }
        next[i * fanOut + q] = softplus(z);
        slope[i * fanOut + q] = sigmoid(z);
      }
    }
    inputs.push(next);
    slopes.push(slope);
  }
  const kernel = new Float64Array(n * n);
  let g = new Float64Array(n).fill(alpha);
  for (let l = depth - 1; l >= 0; l--) {
    const { fanIn, fanOut } = layers[l]!;
    const gg = gram(g, n, fanOut);
    const aa = gram(inputs[l]!, n, fanIn);
    for (let e = 0; e < n * n; e++) kernel[e]! += gg[e]! * (aa[e]! + 1);
    if (l > 0) {
      const { w } = layers[l]!;
      const back = new Float64Array(n * fanIn);
      const slope = slopes[l - 1]!;
      for (let i = 0; i < n; i++) {
        for (let p = 0; p < fanIn; p++) {
          let s = 0;
          for (let q = 0; q < fanOut; q++) s += g[i * fanOut + q]! * w[p * fanOut + q]!;
          back[i * fanIn + p] = s * slope[i * fanIn + p]!;
        }
      }
      g = back;
    }
  }
  return kernel;
}
