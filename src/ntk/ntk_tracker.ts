/**
 * NTK tracking for the MLP suites, plugged into the trainer's probe hook: at each probe epoch the
 * exact subset kernel (structured formula), its float64 eigenvalues and its spectral distance to
 * K_0 (kept on the host), plus the full training-set kernel at a few epochs (default: first and
 * last), built block-wise on the device.
 */
import type * as tf from "@tensorflow/tfjs";
import type { NtkSeries } from "../report/schema.ts";
import { float32NoiseFloor, kernelSpectrum } from "../linalg/spectrum.ts";
import { lanczosSpectralNorm } from "../linalg/lanczos_norm.ts";
import {
  type EigenSolver,
  eigenvaluesOnly,
  symmetricDistance,
  symmetricEigenvalues,
} from "../linalg/sym_eigen.ts";
import { type NamedSolver, preferredEigenSolver } from "../linalg/lapack_eigen.ts";
import { type MlpLike, structuredNtk, structuredNtkBlocked } from "./structured_ntk.ts";
import type { ProbeHook } from "../train/probe_hook.ts";

export { probeIndices } from "./probe_indices.ts";

/** What the tracker needs: probe inputs (k rows), optional full inputs and the schedule. */
export interface NtkTrackerOptions {
  /** The probe subset S, [k, inputDim] (rows chosen with `probeIndices`); owned by the caller. */
  probeInputs: tf.Tensor2D;
  /** All n training inputs for the full kernel; omit to skip it. Owned by the caller. */
  fullInputs?: tf.Tensor2D;
  /** Last epoch of the run (the series has epochs 0..epochs). */
  epochs: number;
  /** Probe the subset kernel every this many epochs (plus epoch 0 and the last epoch). */
  probeEvery: number;
  /** Epochs of the full kernel (default: 0 and the last epoch). */
  fullEpochs?: number[];
  /** Rows per block of the full kernel (default 512). */
  blockRows?: number;
  /**
   * Eigenvalue solver of the full kernel: default `fullKernelSolver()` (LAPACK's dsyevd where the
   * system library loads, else Householder + QL without eigenvectors).
   */
  fullSolver?: EigenSolver;
}

/**
 * The eigensolver of probe-sized kernels: LAPACK's dsyevd where the system library loads, else
 * ml-matrix's symmetric decomposition.
 */
export function subsetKernelSolver(): NamedSolver {
  return preferredEigenSolver({ solve: symmetricEigenvalues, name: "ml-matrix (JavaScript)" });
}

/**
 * The eigensolver of the full-data kernel: LAPACK's dsyevd where the system library loads (about
 * 1 s at n = 1976), else this project's eigenvalues-only Householder + QL (checked against
 * ml-matrix to 1e-12 ||K||: 5-13 s at n = 1976 where ml-matrix, which always builds the
 * eigenvectors, takes 13-30 s).
 */
export function fullKernelSolver(): NamedSolver {
  return preferredEigenSolver({ solve: eigenvaluesOnly, name: "Householder + QL (JavaScript)" });
}

/** Subset-kernel probe epochs: 0, every `probeEvery`, and the last epoch. */
export function probeSchedule(epochs: number, probeEvery: number): number[] {
  if (!Number.isInteger(probeEvery) || probeEvery < 1) {
    throw new RangeError(`Invalid probeEvery: expected a positive integer, got ${probeEvery}`);
  }
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(`Invalid epochs: expected a non-negative integer, got ${epochs}`);
  }
  const out: number[] = [];
  for (let e = 0; e < epochs; e += probeEvery) out.push(e);
  out.push(epochs);
  return out;
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

/** The widest hidden layer of an MLP (1 for a network without one). */
export function hiddenWidth(mlp: MlpLike): number {
  return Math.max(1, ...mlp.layers.slice(0, -1).map((layer) => layer.w.shape[1] ?? 1));
}

/**
 * Tracks the NTK of a scalar-output MLP along a run; `epochs` and `run` form the trainer's probe
 * hook, `result()` gives the series for the report.
 *
 * @example
 * const tracker = new NtkTracker({ probeInputs, fullInputs, epochs: 250, probeEvery: 10 });
 * await trainer.train({ ..., probe: tracker });
 * const { ntk, fullNtk } = tracker.result();
 */
export class NtkTracker implements ProbeHook<MlpLike> {
  readonly epochs: Set<number>;
  readonly #fullEpochs: Set<number>;
  readonly #subset: KernelRecord;
  readonly #full: KernelRecord | null;
  readonly #notes: string[] = [];
  /** The solvers of the subset and the full kernel, named for the report's notes. */
  readonly solvers: { subset: string; full: string | null };
  /** Seconds spent per subset probe and per full-kernel probe (kernel + eigenvalues). */
  readonly seconds: { subset: number[]; full: number[] } = { subset: [], full: [] };

  constructor(readonly options: NtkTrackerOptions) {
    const k = options.probeInputs.shape[0];
    const subset = subsetKernelSolver();
    this.#subset = new KernelRecord(k, subset.solve);
    const full = options.fullInputs;
    const fullSolver = options.fullSolver === undefined
      ? fullKernelSolver()
      : { solve: options.fullSolver, name: "given" };
    this.#full = full === undefined ? null : new KernelRecord(full.shape[0], fullSolver.solve);
    this.solvers = { subset: subset.name, full: full === undefined ? null : fullSolver.name };
    const fullEpochs = options.fullEpochs ?? [0, options.epochs];
    for (const e of fullEpochs) {
      if (!Number.isInteger(e) || e < 0 || e > options.epochs) {
        throw new RangeError(
          `Invalid fullEpochs: expected integers in 0..${options.epochs}, got ${e}`,
        );
      }
    }
    this.#fullEpochs = new Set(full === undefined ? [] : fullEpochs);
    this.epochs = new Set([
      ...probeSchedule(options.epochs, options.probeEvery),
      ...this.#fullEpochs,
    ]);
  }

  /** Probes at `epoch` (the trainer calls this for every epoch in `epochs`). */
  async run(epoch: number, mlp: MlpLike, drift: number): Promise<void> {
    const width = hiddenWidth(mlp);
    let started = performance.now();
    const kernel = structuredNtk(mlp, this.options.probeInputs);
    const data = Float64Array.from(await kernel.data());
    kernel.dispose();
    if (!this.#subset.add(epoch, data, drift, width)) {
      this.#notes.push(`NTK probe at epoch ${epoch} skipped: the subset kernel is not finite`);
    }
    this.seconds.subset.push((performance.now() - started) / 1000);
    if (this.#full !== null && this.#fullEpochs.has(epoch)) {
      started = performance.now();
      const full = await structuredNtkBlocked(
        mlp,
        this.options.fullInputs!,
        this.options.blockRows ?? 512,
      );
      if (!this.#full.add(epoch, full, drift, width)) {
        this.#notes.push(`Full NTK at epoch ${epoch} skipped: the kernel is not finite`);
      }
      this.seconds.full.push((performance.now() - started) / 1000);
    }
  }

  /** The recorded series (`fullNtk` only when full inputs were given). */
  result(): { ntk: NtkSeries; fullNtk?: NtkSeries } {
    return this.#full === null
      ? { ntk: this.#subset.series }
      : { ntk: this.#subset.series, fullNtk: this.#full.series };
  }

  /** Notes for the report (skipped probes). */
  notes(): string[] {
    return [...this.#notes];
  }
}
