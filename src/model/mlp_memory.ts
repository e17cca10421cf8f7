/**
 * The peak resident memory of one worker process that trains a scalar-output MLP by full-batch GD
 * (the hand-written epoch of src/train/mlp_backprop.ts) and probes its NTK, estimated from the
 * sizes alone. Five parts, in bytes:
 *
 * - `runtime`: Deno, tfjs and its WebAssembly module, the BLAS library and the JavaScript heap of
 *   a started worker (measured: about 80 MiB before the data, 110 MiB with everything loaded).
 * - `data`: the IDX image file as read (60,000 x 784 bytes for MNIST) and the chosen samples as
 *   float32 on the host.
 * - `device`: the tfjs heap (WebAssembly memory, which never shrinks, or the GPU's): the inputs,
 *   their transpose and their used columns (4 n d floats), plus the larger of training and probing.
 *   Training holds about 8 copies of the parameters (weights, theta_0, the update, the gradient
 *   and the drift's temporaries) and 6 [n, w] activations per hidden layer (pre-activation,
 *   sigmoid, softplus and the backward pass's deltas) plus one; plain WebAssembly transposes its
 *   operands explicitly, two more [n, w] per layer. The full-data NTK holds the layer factors of
 *   all n rows and their transposes, 2 n (d + 2 depth w + 1) floats, beside 4 copies of the
 *   parameters. The sharpness probe (src/hessian/) holds the forward and backward pass of its
 *   point (4 [n, w] per hidden layer) and a Hessian-vector product's R-passes (about 5 more), the
 *   parameters and theta_0, and its Lanczos basis, one parameter vector per step plus three.
 *   The heap grows by up to a fifth past its need (Emscripten's geometric growth).
 * - `kernels`: the full-data kernels on the host in float64: K_0, K_T and the eigensolver's copy,
 *   3 n^2 doubles, plus half a kernel for the previous probe's copy when it has not been
 *   collected yet (measured: peaks of 3.0 n^2 doubles at n = 6000, 3.7 at n = 8000); the subset
 *   kernel, k^2, is small.
 * - `slack`: garbage the JavaScript heap has not collected yet (30 MiB).
 *
 * Checked against the peak resident memory (VmHWM) of real workers in src/sweep/cell_memory_test.ts
 * (three sizes, within 30%) and by hand up to 2.2 GiB (README, "Memory").
 */

/** The sizes of an MLP run that set its memory. */
export interface MlpRunSize {
  /** Training samples n and input dimension d. */
  n: number;
  inputDim: number;
  width: number;
  depth: number;
  /** Probe inputs of the subset NTK (0: no probes). */
  probeK: number;
  /** Whether the full-data NTK is computed (at the first and last epoch). */
  fullNtk: boolean;
  /** Bytes of the data file read to pick the samples (MNIST's training images: 47,040,016). */
  fileBytes: number;
  /** Plain WebAssembly (explicit transposes) rather than BLAS or WebGPU (transpose flags). */
  explicitTransposes: boolean;
  /** Most Lanczos steps of a sharpness probe (0 or absent: no sharpness probes). */
  hessianIters?: number;
}

/** An estimate in bytes and its parts (named as in the module comment). */
export interface MemoryEstimate {
  bytes: number;
  parts: Record<string, number>;
}

const MIB = 2 ** 20;
const F32 = 4;
const F64 = 8;

/** The runtime of a started worker with its libraries loaded (measured, see above). */
export const WORKER_RUNTIME_BYTES = 110 * MIB;

/** Uncollected JavaScript garbage allowed for. */
export const HEAP_SLACK_BYTES = 30 * MIB;

/** Parameters of an MLP with `depth` hidden layers of `width` and a scalar output. */
export function mlpParameterCount(inputDim: number, width: number, depth: number): number {
  return inputDim * width + width + (depth - 1) * (width * width + width) + width + 1;
}

/**
 * The estimated peak resident memory of a worker running an MLP of `size`.
 *
 * @example
 * mlpMemoryEstimate({ n: 2000, inputDim: 784, width: 128, depth: 4, probeK: 128, fullNtk: true,
 *   fileBytes: 47_040_016, explicitTransposes: false }).bytes // about 340 MiB (measured 364)
 */
export function mlpMemoryEstimate(size: MlpRunSize): MemoryEstimate {
  const { n, inputDim: d, width: w, depth } = size;
  const params = mlpParameterCount(d, w, depth) * F32;
  const inputs = 3.5 * n * d * F32;
  const perLayer = size.explicitTransposes ? 8 : 6;
  const training = 8 * params + (perLayer * depth + 1) * n * w * F32;
  const k = Math.min(size.probeK, n);
  const subset = k === 0 ? 0 : 2 * k * (d + 2 * depth * w + 1) * F32 + 4 * params;
  const full = size.fullNtk ? 2 * n * (d + 2 * depth * w + 1) * F32 + 4 * params : 0;
  const iters = size.hessianIters ?? 0;
  const sharpness = iters === 0 ? 0 : (iters + 5) * params + 9 * depth * n * w * F32;
  const device = inputs + Math.max(training, subset, full, sharpness);
  const kernels = (size.fullNtk ? 3.5 * n * n : 0) * F64 + (k === 0 ? 0 : 3 * k * k * F64);
  const parts = {
    runtime: WORKER_RUNTIME_BYTES,
    data: size.fileBytes + n * d * F32,
    device,
    kernels,
    slack: HEAP_SLACK_BYTES,
  };
  const bytes = Object.values(parts).reduce((s, v) => s + v, 0);
  return { bytes, parts };
}
