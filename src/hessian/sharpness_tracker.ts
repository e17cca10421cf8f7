/**
 * Sharpness along a run, plugged into the trainer's probe hook: at each probe epoch, lambda_max of
 * the loss's Hessian by Lanczos (lanczos.ts) on exact Hessian-vector products of the model at
 * theta_t, warm-started from the previous probe's Ritz vector (kept on the device between probes),
 * and, when asked, Hutchinson's estimate of the trace (hutchinson.ts). The warm-start vector is the
 * tracker's only state besides its series: `save()` and `restore()` carry both across a restart,
 * as a named part of a checkpoint (`partName`).
 */
import * as tf from "@tensorflow/tfjs";
import type { HessianSeries } from "../report/schema.ts";
import type { ProbeHook } from "../train/probe_hook.ts";
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

/**
 * The tracker's part of a training state, in the shape of a checkpoint's named parts (plain JSON
 * fields and typed arrays): the series so far, each probe's seconds, and the warm-start vector.
 */
export interface SharpnessPart {
  fields: { series: HessianSeries; seconds: number[] };
  arrays: { warm?: Float32Array };
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
export class SharpnessTracker<M> implements ProbeHook<M> {
  readonly epochs: Set<number>;
  series: HessianSeries;
  /** Wall-clock seconds of each probe (curvature set-up, Lanczos and trace). */
  seconds: number[] = [];
  readonly #notes: string[] = [];
  #warm: tf.Tensor1D | null = null;

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
      this.#warm?.dispose();
      this.#warm = top.vector;
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

  /** Its name among a checkpoint's parts. */
  readonly partName = "sharpness";

  /** The series so far and the warm-start vector (read back from the device), for a checkpoint. */
  save(): SharpnessPart {
    const warm = this.#warm === null ? undefined : Float32Array.from(this.#warm.dataSync());
    return {
      fields: { series: structuredClone(this.series), seconds: [...this.seconds] },
      arrays: warm === undefined ? {} : { warm },
    };
  }

  /**
   * Continues from a checkpoint's part for a run that resumes at `epoch`: the probes before it are
   * kept (later ones will be taken again), and the vector goes back to the device.
   */
  restore(part: SharpnessPart, epoch: number): void {
    const s = part.fields.series;
    const keep = s.epoch.filter((e) => e < epoch).length;
    const cut = <T>(values: T[] | undefined) => values?.slice(0, keep);
    this.series = {
      ...s,
      epoch: cut(s.epoch)!,
      sharpness: cut(s.sharpness)!,
      residual: cut(s.residual)!,
      iterations: cut(s.iterations)!,
      ...(s.trace === undefined ? {} : { trace: cut(s.trace) }),
      ...(s.nextLoss === undefined ? {} : { nextLoss: cut(s.nextLoss) }),
    };
    this.seconds = part.fields.seconds.slice(0, keep);
    this.#warm?.dispose();
    const warm = part.arrays.warm;
    this.#warm = warm === undefined ? null : tf.tensor1d(warm);
  }

  /** Frees the warm-start vector. */
  dispose(): void {
    this.#warm?.dispose();
    this.#warm = null;
  }
}
