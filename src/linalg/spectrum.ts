/**
 * Summary of a kernel's spectrum: extremal eigenvalues, condition number and whether the smallest
 * eigenvalue is below the float32 noise floor of a kernel computed on the device.
 */

/** float32 unit roundoff (2^-23 ~ 1.19e-7), the relative accuracy of a device-computed kernel. */
export const FLOAT32_EPS = 1.2e-7;

/** Extremal eigenvalues of a k x k kernel. `condition` is null when lambda_min <= 0. */
export interface KernelSpectrum {
  lambdaMin: number;
  lambdaMax: number;
  condition: number | null;
  belowNoiseFloor: boolean;
}

/**
 * Spectrum summary from ascending eigenvalues of a k x k kernel. `belowNoiseFloor` is set when
 * lambda_min < k * 1.2e-7 * lambda_max: rounding of a float32 kernel perturbs eigenvalues by
 * about that much, so a smaller lambda_min is not resolved.
 *
 * @example
 * kernelSpectrum(Float64Array.of(1e-9, 1, 2)); // belowNoiseFloor: true
 */
export function kernelSpectrum(eigenvalues: ArrayLike<number>): KernelSpectrum {
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
    belowNoiseFloor: lambdaMin < k * FLOAT32_EPS * lambdaMax,
  };
}
