/**
 * Summary of a kernel's spectrum: extremal eigenvalues, condition number and whether the smallest
 * eigenvalue is resolved by a kernel computed in float32 on the device.
 *
 * The float32 noise floor of an eigenvalue, calibrated against float64 kernels:
 *
 *   floor = 2 eps32 sqrt(m) max_i K_ii
 *
 * with m the inner dimension of the products that build the kernel (the widest hidden layer of an
 * MLP; the number of parameters for a kernel of per-sample gradients). Rounding each entry of a
 * dot product of m terms accumulated in float32 errs by about eps32 sqrt(m) |K_ij| <= eps32
 * sqrt(m) max_i K_ii, and a smallest eigenvalue moves by about one such entry error (v^T E v for
 * its unit eigenvector v). Measured on the binary-MNIST full kernel (n = 1976, He init), float32
 * on the device against the float64 kernel of the same weights (structured_ntk64.ts):
 * w = 128: lambda_min 0.00698, error 5.4e-5 on cpu (0.8%: tfjs-cpu sums in float64) and 2.2e-4 on
 * wasm (3.2%), i.e. 0.33 eps32 sqrt(m) max K_ii; w = 512: lambda_min 0.0220, error 4.1e-3 on wasm
 * (18.5%), 0.73 eps32 sqrt(m) max K_ii. The factor 2 leaves at least 2.7 times that. The earlier
 * rule, k eps32 lambda_max, is the worst case of a normwise bound: 205 for that kernel, so every
 * full kernel was flagged while its lambda_min was good to 3%.
 */

/** float32 unit roundoff (2^-23 ~ 1.19e-7), the relative accuracy of a device-computed kernel. */
export const FLOAT32_EPS = 1.2e-7;

/** The calibrated factor of the noise floor (see the module comment). */
export const NOISE_FLOOR_FACTOR = 2;

/** Extremal eigenvalues of a k x k kernel. `condition` is null when lambda_min <= 0. */
export interface KernelSpectrum {
  lambdaMin: number;
  lambdaMax: number;
  condition: number | null;
  /** The float32 noise floor of the eigenvalues (absolute). */
  noiseFloor: number;
  /** lambda_min <= noiseFloor: not resolved by the float32 kernel. */
  belowNoiseFloor: boolean;
}

/**
 * The float32 noise floor 2 eps32 sqrt(terms) max_i K_ii of an n x n kernel (row-major) built from
 * products of `terms` inner terms (see the module comment).
 *
 * @example
 * float32NoiseFloor(Float64Array.of(400, 1, 1, 500), 2, 128); // 2 * 1.2e-7 * sqrt(128) * 500
 */
export function float32NoiseFloor(kernel: ArrayLike<number>, n: number, terms: number): number {
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, Math.abs(kernel[i * n + i]!));
  return NOISE_FLOOR_FACTOR * FLOAT32_EPS * Math.sqrt(Math.max(1, terms)) * maxDiagonal;
}

/**
 * Spectrum summary from the eigenvalues of a kernel and its float32 noise floor (0: exact).
 *
 * @example
 * kernelSpectrum(Float64Array.of(1e-9, 1, 2), 1e-6); // belowNoiseFloor: true
 */
export function kernelSpectrum(eigenvalues: ArrayLike<number>, noiseFloor: number): KernelSpectrum {
  const k = eigenvalues.length;
  if (k === 0) throw new RangeError("Cannot summarise a spectrum: no eigenvalues given");
  let lambdaMin = Infinity;
  let lambdaMax = -Infinity;
  for (let i = 0; i < k; i++) {
    const v = eigenvalues[i]!;
    if (!Number.isFinite(v)) {
      throw new RangeError(`Cannot summarise a spectrum: eigenvalue ${i} must be finite, got ${v}`);
    }
    lambdaMin = Math.min(lambdaMin, v);
    lambdaMax = Math.max(lambdaMax, v);
  }
  return {
    lambdaMin,
    lambdaMax,
    condition: lambdaMin > 0 ? lambdaMax / lambdaMin : null,
    noiseFloor,
    belowNoiseFloor: lambdaMin <= noiseFloor,
  };
}
