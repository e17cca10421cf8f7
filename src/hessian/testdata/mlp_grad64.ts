/**
 * The MLP's squared loss L = 1/(2 n alpha^2) sum (alpha f - y)^2 and its gradient in float64 on the
 * host, by a plain backward pass: the independent reference the float32 Hessian-vector products are
 * checked against (through central differences of this gradient). Parameters are flat in the order
 * of `mlpParameters`: per layer the weights row-major [fanIn, fanOut], then the biases.
 */

import { activate64, type Activation, activationSlope64 } from "../../model/activation.ts";

/**
 * Loss and gradient at `theta` for layer sizes `dims` (last = 1), inputs `xs`, targets `ys` and
 * the hidden layers' `activation` (default Softplus).
 */
export function mlpLossAndGrad64(
  dims: readonly number[],
  theta: Float64Array,
  xs: readonly number[][],
  ys: readonly number[],
  alpha = 1,
  activation: Activation = "softplus",
): { loss: number; grad: Float64Array } {
  const n = xs.length;
  const grad = new Float64Array(theta.length);
  const offsets: number[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < dims.length; l++) {
    offsets.push(offset);
    offset += (dims[l]! + 1) * dims[l + 1]!;
  }
  let loss = 0;
  xs.forEach((x, i) => {
    const acts: number[][] = [x];
    const zs: number[][] = [];
    for (let l = 0; l + 1 < dims.length; l++) {
      const [fanIn, fanOut, o] = [dims[l]!, dims[l + 1]!, offsets[l]!];
      const a = acts[l]!;
      const z = Array.from({ length: fanOut }, (_, q) => {
        let s = theta[o + fanIn * fanOut + q]!;
        for (let p = 0; p < fanIn; p++) s += a[p]! * theta[o + p * fanOut + q]!;
        return s;
      });
      zs.push(z);
      acts.push(l + 2 < dims.length ? z.map((v) => activate64(v, activation)) : z);
    }
    const r = alpha * acts[acts.length - 1]![0]! - ys[i]!;
    loss += r * r;
    let delta = [r / (n * alpha)];
    for (let l = dims.length - 2; l >= 0; l--) {
      const [fanIn, fanOut, o] = [dims[l]!, dims[l + 1]!, offsets[l]!];
      const a = acts[l]!;
      for (let q = 0; q < fanOut; q++) {
        for (let p = 0; p < fanIn; p++) grad[o + p * fanOut + q]! += a[p]! * delta[q]!;
        grad[o + fanIn * fanOut + q]! += delta[q]!;
      }
      if (l > 0) {
        delta = Array.from({ length: fanIn }, (_, p) => {
          let s = 0;
          for (let q = 0; q < fanOut; q++) s += delta[q]! * theta[o + p * fanOut + q]!;
          return s * activationSlope64(zs[l - 1]![p]!, activation);
        });
      }
    }
  });
  return { loss: loss / (2 * n * alpha * alpha), grad };
}

/** H v by central differences of a float64 gradient: (g(theta + h v) - g(theta - h v)) / 2h. */
export function centralHvp(
  gradient: (theta: Float64Array) => Float64Array,
  theta: Float64Array,
  v: Float64Array,
  h = 1e-4,
): Float64Array {
  const plus = gradient(theta.map((t, i) => t + h * v[i]!));
  const minus = gradient(theta.map((t, i) => t - h * v[i]!));
  return plus.map((p, i) => (p - minus[i]!) / (2 * h));
}

/** The dense Hessian (n x n, row-major, symmetrised) by central differences of the gradient. */
export function denseHessian(
  gradient: (theta: Float64Array) => Float64Array,
  theta: Float64Array,
  h = 1e-4,
): Float64Array {
  const p = theta.length;
  const hess = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const e = new Float64Array(p);
    e[j] = 1;
    const col = centralHvp(gradient, theta, e, h);
    for (let i = 0; i < p; i++) hess[i * p + j] = col[i]!;
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      const m = (hess[i * p + j]! + hess[j * p + i]!) / 2;
      hess[i * p + j] = m;
      hess[j * p + i] = m;
    }
  }
  return hess;
}
