/**
 * NTK tracking for the MLP suites, plugged into the trainer's probe hook: at each probe epoch the
 * exact subset kernel (structured formula), its float64 eigenvalues and its spectral distance to
 * K_0 (kept on the host), plus the full training-set kernel at a few epochs (default: first and
 * last), built block-wise on the device.
 */
import type * as tf from "@tensorflow/tfjs";
import type { NtkSeries } from "../report/schema.ts";
import { type EigenSolver, eigenvaluesOnly } from "../linalg/sym_eigen.ts";
import { type NamedSolver, preferredEigenSolver } from "../linalg/lapack_eigen.ts";
import { KernelRecord, subsetKernelSolver } from "./kernel_record.ts";
import { type MlpLike, structuredNtk, structuredNtkBlocked } from "./structured_ntk.ts";
import type { ProbeHook } from "../train/probe_hook.ts";
import type { StatefulPart, StatePart } from "../checkpoint/train_state.ts";

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export { probeIndices } from "./probe_indices.ts";
export { emptyNtkSeries, KernelRecord, subsetKernelSolver } from "./kernel_record.ts";

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

/** The widest hidden layer of an MLP (1 for a network without one). */
export function hiddenWidth(mlp: MlpLike): number {
  return Math.max(1, ...mlp.layers.slice(0, -1).map((layer) => layer.w.shape[1] ?? 1));
}

/** The plain fields of an NTK tracker's part of a training state (its arrays hold the K_0s). */
interface NtkTrackerFields {
  subset: NtkSeries;
  full: NtkSeries | null;
  probed: { subset: number[]; full: number[] };
  seconds: { subset: number[]; full: number[] };
  notes: { epoch: number; text: string }[];
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
export class NtkTracker implements ProbeHook<MlpLike>, StatefulPart {
  readonly partName = "ntk";
  readonly epochs: Set<number>;
  readonly #fullEpochs: Set<number>;
  readonly #subset: KernelRecord;
  readonly #full: KernelRecord | null;
  readonly #notes: { epoch: number; text: string }[] = [];
  /** The epochs probed so far, by kernel (the `seconds` lists are aligned with them). */
  readonly #probed: { subset: number[]; full: number[] } = { subset: [], full: [] };
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
      const text = `NTK probe at epoch ${epoch} skipped: the subset kernel is not finite`;
      this.#notes.push({ epoch, text });
    }
    this.seconds.subset.push((performance.now() - started) / 1000);
    this.#probed.subset.push(epoch);
    if (this.#full !== null && this.#fullEpochs.has(epoch)) {
      started = performance.now();
      const full = await structuredNtkBlocked(
        mlp,
        this.options.fullInputs!,
        this.options.blockRows ?? 512,
      );
      if (!this.#full.add(epoch, full, drift, width)) {
        this.#notes.push({
          epoch,
          text: `Full NTK at epoch ${epoch} skipped: the kernel is not finite`,
        });
      }
      this.seconds.full.push((performance.now() - started) / 1000);
      this.#probed.full.push(epoch);
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
    return this.#notes.map((n) => n.text);
  }

  /** The tracker's part of a training state: its probes so far and the K_0 of each kernel. */
  save(): StatePart {
    const subset = this.#subset.snapshot();
    const full = this.#full?.snapshot() ?? null;
    const arrays: Record<string, Float64Array> = {};
    if (subset.k0 !== null) arrays.subsetK0 = subset.k0;
    if (full?.k0 != null) arrays.fullK0 = full.k0;
    const fields: NtkTrackerFields = {
      subset: subset.series,
      full: full?.series ?? null,
      probed: this.#probed,
      seconds: this.seconds,
      notes: this.#notes,
    };
    return { fields: JSON.parse(JSON.stringify(fields)), arrays };
  }

  /**
   * Takes back the probes of a saved part before `epoch`; throws when they are not the ones this
   * tracker's schedule would have made (another probe schedule, a full kernel given or not).
   */
  restore(part: StatePart, epoch: number): void {
    const f = part.fields as unknown as NtkTrackerFields;
    const expect = (set: Set<number>) => [...set].filter((e) => e < epoch).sort((a, b) => a - b);
    const probed = {
      subset: f.probed.subset.filter((e) => e < epoch),
      full: f.probed.full.filter((e) => e < epoch),
    };
    const sameFull = (f.full === null) === (this.#full === null);
    if (
      !sameFull || !sameList(probed.subset, expect(this.epochs)) ||
      !sameList(probed.full, expect(this.#fullEpochs))
    ) {
      throw new Error(
        `Cannot resume at epoch ${epoch}: the saved NTK probes (epochs ${
          probed.subset.join(", ")
        }` +
          `) are not this run's schedule`,
      );
    }
    this.#subset.restore(f.subset, (part.arrays.subsetK0 as Float64Array) ?? null, epoch);
    if (f.full !== null) {
      this.#full!.restore(f.full, (part.arrays.fullK0 as Float64Array) ?? null, epoch);
    }
    this.#probed.subset.splice(0, Infinity, ...probed.subset);
    this.#probed.full.splice(0, Infinity, ...probed.full);
    this.seconds.subset.splice(0, Infinity, ...f.seconds.subset.slice(0, probed.subset.length));
    this.seconds.full.splice(0, Infinity, ...f.seconds.full.slice(0, probed.full.length));
    this.#notes.splice(0, Infinity, ...f.notes.filter((n) => n.epoch < epoch));
  }
}
