/**
 * Sharpness along a run, plugged into the trainer's probe hook: at each probe epoch, lambda_max of
 * the loss's Hessian by Lanczos (lanczos.ts) on exact Hessian-vector products of the model at
 * theta_t, warm-started from the previous probe's Ritz vector (kept on the device between probes),
 * and, when asked, Hutchinson's estimate of the trace (hutchinson.ts). The warm-start vector is the
 * tracker's only state besides its series: `save()` and `restore()` carry both across a restart,
 * as the `sharpness` part of a checkpoint (src/checkpoint/train_state.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { HessianSeries } from "../report/schema.ts";
import type { ProbeHook } from "../train/probe_hook.ts";
import { keepBefore, type StatefulPart, type StatePart } from "../checkpoint/train_state.ts";
import { probeSchedule } from "../ntk/ntk_tracker.ts";
import { DEFAULT_LANCZOS_TOL, lanczosTop, type SymmetricOperator } from "./lanczos.ts";
import { hutchinsonTrace } from "./hutchinson.ts";

/** The curvature at one point: products on demand, then `dispose`. */
export interface Curvature extends SymmetricOperator {
  dispose(): void;
}

/** The schedule and budget of the probes, and what the curvature is taken on. */
export interface SharpnessOptions {
  /** Last epoch of the run (probes at 0, every `every`, and this one). */
  epochs: number;
  every: number;
  /** Most Hessian-vector products per Lanczos run. */
  iters: number;
  /** Hutchinson probes of the trace per probe (0: none). */
  traceProbes: number;
  /** Seed of the random start vectors and trace probes (the run's seed). */
  seed: number;
  /** Samples of the loss whose Hessian is taken, and whether they are a fixed batch. */
  samples: number;
  fixedBatch: boolean;
  /** Lanczos' relative residual tolerance (default 1e-3). */
  tol?: number;
}

/** The plain fields of the tracker's part of a training state. */
interface SharpnessFields {
  series: HessianSeries;
  seconds: number[];
  /** How many vectors were kept (arrays `vector0`, `vector1`, ..., oldest first; null ones absent). */
  vectors: number;
}

/** An empty series for the given samples. */
export function emptyHessianSeries(
  samples: number,
  fixedBatch: boolean,
  trace: boolean,
): HessianSeries {
  return {
    epoch: [],
    sharpness: [],
    residual: [],
    iterations: [],
    ...(trace ? { trace: [] } : {}),
    samples,
    fixedBatch,
  };
}

/** Streams of the seed: Lanczos starts use 1, 2, ...; trace probes start here. */
const TRACE_STREAMS = 1 << 20;

/**
 * Tracks lambda_max(H) along a run; `epochs` and `run` form the trainer's probe hook.
 *
 * @example
 * const sharpness = new SharpnessTracker((mlp) => mlpCurvatureAt(mlp, data), options);
 * await trainFullBatchGd(mlp, data, { ..., probe: combineProbes(ntk, sharpness) });
 * report.series.hessian = sharpness.series;
 * sharpness.dispose();
 */
export class SharpnessTracker<M> implements ProbeHook<M>, StatefulPart {
  readonly partName = "sharpness";
  readonly epochs: Set<number>;
  series: HessianSeries;
  /** Wall-clock seconds of each probe (curvature set-up, Lanczos and trace). */
  seconds: number[] = [];
  readonly #notes: string[] = [];
  /**
   * The Ritz vectors after the last two probes (oldest first): the last one starts the next probe,
   * and the one before it is what a run resumed at the last probe's epoch starts from again.
   */
  #vectors: (tf.Tensor1D | null)[] = [];

  /** The warm start of the next probe. */
  get #warm(): tf.Tensor1D | null {
    return this.#vectors[this.#vectors.length - 1] ?? null;
  }

  /** Records the vector after a probe, keeping the last two. */
  #keep(vector: tf.Tensor1D | null): void {
    this.#vectors.push(vector);
    while (this.#vectors.length > 2) this.#vectors.shift()?.dispose();
  }

  constructor(
    readonly curvatureAt: (model: M) => Promise<Curvature>,
    readonly options: SharpnessOptions,
  ) {
    this.epochs = new Set(options.every > 0 ? probeSchedule(options.epochs, options.every) : []);
    this.series = emptyHessianSeries(
      options.samples,
      options.fixedBatch,
      options.traceProbes > 0,
    );
  }

  /** Probes at `epoch` (the trainer calls this for every epoch in `epochs`). */
  async run(epoch: number, model: M): Promise<void> {
    const started = performance.now();
    const probe = this.series.epoch.length;
    const s = this.series;
    const op = await this.curvatureAt(model);
    try {
      const top = await lanczosTop(op, {
        maxIters: this.options.iters,
        tol: this.options.tol ?? DEFAULT_LANCZOS_TOL,
        start: this.#warm,
        seed: this.options.seed,
        stream: 1 + probe,
      });
      this.#keep(top.vector);
      s.epoch.push(epoch);
      s.sharpness.push(top.value);
      s.residual.push(top.residual);
      s.iterations.push(top.iterations);
      if (s.trace !== undefined) {
        const stream = TRACE_STREAMS + probe * this.options.traceProbes;
        s.trace.push(
          await hutchinsonTrace(op, this.options.traceProbes, this.options.seed, stream),
        );
      }
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      const warm = this.#warm;
      this.#keep(warm === null ? null : tf.clone(warm));
      s.epoch.push(epoch);
      s.sharpness.push(null);
      s.residual.push(null);
      s.iterations.push(0);
      s.trace?.push(null);
      this.#notes.push(`sharpness probe at epoch ${epoch} failed: ${e.message}`);
    } finally {
      op.dispose();
    }
    this.seconds.push((performance.now() - started) / 1000);
  }

  /** Notes for the report (failed probes). */
  notes(): string[] {
    return [...this.#notes];
  }

  /**
   * The series so far and the last two Ritz vectors (read back from the device), as a part of a
   * training state.
   */
  save(): StatePart {
    const arrays: Record<string, Float32Array> = {};
    this.#vectors.forEach((v, i) => {
      if (v !== null) arrays[`vector${i}`] = Float32Array.from(v.dataSync());
    });
    const fields: SharpnessFields = {
      series: this.series,
      seconds: this.seconds,
      vectors: this.#vectors.length,
    };
    return { fields: JSON.parse(JSON.stringify(fields)), arrays };
  }

  /**
   * Continues from a saved part for a run that resumes at `epoch`: the probes before it are kept
   * and the vector after the last kept probe starts the next one (bit for bit as in a run that was
   * never stopped); throws when the saved probes are not this run's schedule.
   */
  restore(part: StatePart, epoch: number): void {
    const f = part.fields as unknown as SharpnessFields;
    const s = f.series;
    const expected = [...this.epochs].filter((e) => e < epoch).sort((a, b) => a - b);
    const kept = s.epoch.filter((e) => e < epoch);
    if (kept.length !== expected.length || kept.some((e, i) => e !== expected[i])) {
      throw new Error(
        `Cannot resume at epoch ${epoch}: the saved sharpness probes (epochs ${
          kept.join(", ")
        }) are not this run's schedule`,
      );
    }
    const lists = keepBefore(
      {
        epoch: s.epoch,
        sharpness: s.sharpness,
        residual: s.residual,
        iterations: s.iterations,
        trace: s.trace ?? s.epoch.map(() => null),
        nextLoss: s.nextLoss ?? s.epoch.map(() => null),
        seconds: f.seconds,
      },
      s.epoch,
      epoch,
    );
    this.series = {
      ...s,
      epoch: lists.epoch,
      sharpness: lists.sharpness,
      residual: lists.residual,
      iterations: lists.iterations,
      ...(s.trace === undefined ? {} : { trace: lists.trace }),
      ...(s.nextLoss === undefined ? {} : { nextLoss: lists.nextLoss }),
    };
    this.seconds = lists.seconds;
    // the last vector is the one after the last saved probe; each dropped probe goes one back
    const dropped = s.epoch.length - kept.length;
    const vector = part.arrays[`vector${f.vectors - 1 - dropped}`];
    this.#vectors.forEach((v) => v?.dispose());
    this.#vectors = [];
    this.#keep(vector === undefined ? null : tf.tensor1d(vector as Float32Array));
  }

  /** Frees the vectors kept for warm starts. */
  dispose(): void {
    this.#vectors.forEach((v) => v?.dispose());
    this.#vectors = [];
  }
}
