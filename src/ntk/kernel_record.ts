/**
 * One kernel's record along a run: its probes' eigenvalues, noise floors and spectral distance to
 * K_0, with K_0 kept on the host (and a snapshot of both for a training state).
 */
import type { NtkSeries } from "../report/schema.ts";
import { float32NoiseFloor, kernelSpectrum } from "../linalg/spectrum.ts";
import { lanczosSpectralNorm } from "../linalg/lanczos_norm.ts";
import { type EigenSolver, symmetricDistance, symmetricEigenvalues } from "../linalg/sym_eigen.ts";
import { type NamedSolver, preferredEigenSolver } from "../linalg/lapack_eigen.ts";
import { keepBefore } from "../checkpoint/train_state.ts";

/**
 * The eigensolver of probe-sized kernels: LAPACK's dsyevd where the system library loads, else
 * ml-matrix's symmetric decomposition.
 */
export function subsetKernelSolver(): NamedSolver {
  return preferredEigenSolver({ solve: symmetricEigenvalues, name: "ml-matrix (JavaScript)" });
}

/** An NtkSeries with no probes yet; `k` is the number of probe inputs. */
export function emptyNtkSeries(k: number): NtkSeries {
  return {
    epoch: [],
    lambdaMin: [],
    lambdaMax: [],
    kernelShift: [],
    drift: [],
    k,
    noiseFloor: [],
    belowNoiseFloor: [],
  };
}

/**
 * ||K_t - K_0||_2: exact through the eigensolver for probe-sized kernels, by Lanczos (checked
 * against the eigensolver to 1e-9 in its tests) for large ones, where a third O(n^3)
 * decomposition per run would cost more than the two that give the eigenvalues.
 */
function kernelDistance(
  kernel: Float64Array,
  k0: Float64Array,
  n: number,
  solver: EigenSolver,
): number {
  if (n <= 512) return symmetricDistance({ n, data: kernel }, { n, data: k0 }, solver);
  // the kernel is not kept: K_t - K_0 takes its place (one n x n float64 array less at n ~ 10^4)
  for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! - k0[i]!;
  return lanczosSpectralNorm(kernel, n, 100);
}

/**
 * One kernel's record: the series and K_0 on the host. `n` is the kernel's size and `k` the
 * number of probe inputs (equal for scalar outputs; a C-output model has n = kC).
 */
export class KernelRecord {
  readonly series: NtkSeries;
  #k0: Float64Array | null = null;

  constructor(
    readonly n: number,
    readonly solver: EigenSolver = subsetKernelSolver().solve,
    k: number = n,
  ) {
    this.series = emptyNtkSeries(k);
  }

  /** The record so far: its series and K_0 (null before the first probe). */
  snapshot(): { series: NtkSeries; k0: Float64Array | null } {
    return { series: structuredClone(this.series), k0: this.#k0 };
  }

  /** Takes back a snapshot's probes before `epoch` (and its K_0) in place of this record's. */
  restore(series: NtkSeries, k0: Float64Array | null, epoch: number): void {
    const kept = keepNtkBefore(series, epoch);
    Object.assign(this.series, kept);
    this.#k0 = kept.epoch.length === 0 ? null : k0;
  }

  /**
   * Adds a probe; returns false (recording nothing) if the kernel is not finite. `terms` is the
   * inner dimension of the float32 products that built the kernel (its noise floor, spectrum.ts).
   * The record takes `kernel` over: the first becomes K_0, a later large one (n > 512) is
   * overwritten.
   */
  add(epoch: number, kernel: Float64Array, drift: number, terms: number): boolean {
    if (!kernel.every(Number.isFinite)) return false;
    const floor = float32NoiseFloor(kernel, this.n, terms);
    const spectrum = kernelSpectrum(this.solver({ n: this.n, data: kernel }), floor);
    if (this.#k0 === null) this.#k0 = kernel;
    const shift = this.#k0 === kernel ? 0 : kernelDistance(kernel, this.#k0, this.n, this.solver);
    const s = this.series;
    s.epoch.push(epoch);
    s.lambdaMin.push(spectrum.lambdaMin);
    s.lambdaMax.push(spectrum.lambdaMax);
    s.kernelShift.push(shift);
    s.drift.push(drift);
    s.noiseFloor!.push(floor);
    s.belowNoiseFloor.push(spectrum.belowNoiseFloor);
    return true;
  }
}

/** The probes of `series` before `epoch`. */
export function keepNtkBefore(series: NtkSeries, epoch: number): NtkSeries {
  const { epoch: epochs, k, noiseFloor, ...lists } = series;
  const kept = keepBefore({ epoch: epochs, ...lists, noiseFloor: noiseFloor ?? [] }, epochs, epoch);
  return { ...kept, k, ...(noiseFloor === undefined ? { noiseFloor: undefined } : {}) };
}
