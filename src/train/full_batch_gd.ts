/**
 * Full-batch gradient descent with a fixed step on the squared loss, kept on the tfjs device:
 * each epoch is one `tf.tidy` (forward, hand-written backward, ||grad||^2, drift, update) and one
 * read-back of three scalars. The series holds epochs 0..E at theta_t before its update (epoch E
 * is the final iterate).
 */
import * as tf from "@tensorflow/tfjs";
import type { Mlp } from "../model/mlp.ts";
import type { RunStatus, Series } from "../report/schema.ts";
import { type DeviceData, mlpLossAndGrads, type TransposeMode } from "./mlp_backprop.ts";
import { blasMatMulLibrary } from "../blas/wasm_matmul.ts";
import type { ProbeHook } from "./probe_hook.ts";
import {
  type CheckpointHook,
  type StatefulPart,
  StopRequested,
  type TrainState,
} from "../checkpoint/train_state.ts";
import { gdState, restoreGdState } from "./gd_state.ts";

/** Settings of a run. */
export interface GdOptions {
  epochs: number;
  lr: number;
  onEpoch?: (beat: { epoch: number; epochs: number; loss: number }) => void;
  probe?: ProbeHook<Mlp>;
  /** Default: explicit transposes on plain wasm and cpu, matMul flags on webgpu and BLAS. */
  transposeMode?: TransposeMode;
  /** A saved state to resume from (a checkpoint, or a shorter run's final state); else epoch 0. */
  resume?: TrainState | null;
  /** When and where to checkpoint, and whether to stop (see src/checkpoint/train_state.ts). */
  checkpoint?: CheckpointHook;
  /** The parts of a state besides the trainer's own (the probes'), saved and restored with it. */
  parts?: readonly StatefulPart[];
}

/** A finished (or diverged) run: the series has one entry per epoch reached with finite values. */
export interface GdResult {
  status: Extract<RunStatus, "complete" | "diverged">;
  /** First epoch whose loss or gradient norm was NaN or infinite (not in the series), else null. */
  divergedAt: number | null;
  series: Series;
}

function checkOptions(opts: GdOptions): void {
  if (!Number.isInteger(opts.epochs) || opts.epochs < 0) {
    throw new RangeError(`Cannot train: epochs must be a non-negative integer, got ${opts.epochs}`);
  }
  if (!(opts.lr > 0) || !Number.isFinite(opts.lr)) {
    throw new RangeError(`Cannot train: lr must be a positive number, got ${opts.lr}`);
  }
}

/** matMul's transpose flags where they are free (webgpu, and BLAS, which reads either layout). */
export function defaultTransposeMode(): TransposeMode {
  const blas = tf.getBackend() === "wasm" && blasMatMulLibrary() !== null;
  return tf.getBackend() === "webgpu" || blas ? "flags" : "explicit";
}

/**
 * Sum of tensors by chained adds: tfjs-webgpu 4.22's `addN` silently ignores inputs past the
 * storage-buffer limit (past the 7th on llvmpipe).
 */
function addAll(terms: tf.Tensor[]): tf.Tensor {
  return terms.slice(1).reduce((sum, t) => tf.add(sum, t), terms[0]!);
}

/**
 * One step as device tensors: [loss, ||grad||^2, ||theta - theta0||^2] and, when `update`, the
 * new weights theta - lr grad (else empty lists).
 */
export function gdStep(
  mlp: Mlp,
  theta0: tf.Tensor[],
  data: DeviceData,
  lr: number,
  update: boolean,
  mode: TransposeMode,
): { scalars: tf.Tensor1D; next: tf.Tensor[] } {
  return tf.tidy(() => {
    const { loss, gW, gB } = mlpLossAndGrads(mlp, data, -lr, mode);
    const steps = mlp.layers.flatMap((_, l) => [gW[l]!, gB[l]!] as tf.Tensor[]);
    const params = mlp.layers.flatMap(({ w, b }) => [w, b] as tf.Tensor[]);
    const gradNormSq = tf.div(addAll(steps.map((g) => tf.sum(tf.square(g)))), lr * lr);
    const driftSq = addAll(params.map((p, i) => tf.sum(tf.square(tf.sub(p, theta0[i]!)))));
    const scalars = tf.stack([loss, gradNormSq, driftSq]) as tf.Tensor1D;
    const next = update ? params.map((p, i) => tf.add(p, steps[i]!)) : [];
    return { scalars, next };
  });
}

/** Where a run starts: theta_0 on the host and the device, the series so far, the first epoch. */
async function startOf(mlp: Mlp, opts: GdOptions) {
  const variables = mlp.layers.flatMap(({ w, b }) => [w, b]);
  const parts = opts.parts ?? [];
  const series: Series = { epoch: [], loss: [], gradNormSq: [], drift: [], lr: [], seconds: [] };
  if (opts.resume === undefined || opts.resume === null) {
    const host = await Promise.all(variables.map(async (v) => Float32Array.from(await v.data())));
    return { variables, host, series, first: 0, elapsed: 0 };
  }
  const { theta0, series: saved } = restoreGdState(opts.resume, variables, parts);
  Object.assign(series, saved);
  return {
    variables,
    host: theta0,
    series,
    first: opts.resume.epoch,
    elapsed: saved.seconds.at(-1) ?? 0,
  };
}

/**
 * Trains `mlp` in place by full-batch GD on `data` and returns the per-epoch series. With
 * `opts.resume` it starts from a saved state; with `opts.checkpoint` it saves after the epochs
 * the hook says, stops at an epoch boundary (saving, then throwing StopRequested) once a stop is
 * asked for, and saves the final state of a complete run.
 *
 * @example
 * const result = await trainFullBatchGd(mlp, data, { epochs: 200, lr: 0.003 });
 */
export async function trainFullBatchGd(
  mlp: Mlp,
  data: DeviceData,
  opts: GdOptions,
): Promise<GdResult> {
  checkOptions(opts);
  const mode = opts.transposeMode ?? defaultTransposeMode();
  const { variables, host, series, first, elapsed } = await startOf(mlp, opts);
  const theta0 = variables.map((v, i) => tf.tensor(host[i]!, v.shape));
  const hook = opts.checkpoint;
  const save = async (epoch: number, final: boolean) =>
    await hook!.save(await gdState(epoch, variables, host, series, opts.parts ?? []), final);
  let divergedAt: number | null = null;
  const started = performance.now() - elapsed * 1000;
  hook?.begin();
  try {
    for (let epoch = first; epoch <= opts.epochs; epoch++) {
      const { scalars, next } = gdStep(mlp, theta0, data, opts.lr, epoch < opts.epochs, mode);
      let probed = false;
      try {
        const values = await scalars.data();
        const [loss, gradNormSq, driftSq] = [values[0]!, values[1]!, values[2]!];
        if (![loss, gradNormSq, driftSq].every(Number.isFinite)) {
          divergedAt = epoch;
          break;
        }
        const drift = Math.sqrt(driftSq);
        series.epoch.push(epoch);
        series.loss.push(loss);
        series.gradNormSq.push(gradNormSq);
        series.drift.push(drift);
        series.lr.push(opts.lr);
        series.seconds.push((performance.now() - started) / 1000);
        opts.onEpoch?.({ epoch, epochs: opts.epochs, loss });
        probed = opts.probe?.epochs.has(epoch) ?? false;
        if (probed) await opts.probe!.run(epoch, mlp, drift);
        next.forEach((t, i) => variables[i]!.assign(t));
      } finally {
        tf.dispose([scalars, ...next]);
      }
      if (hook === undefined || epoch === opts.epochs) continue;
      if (await hook.stopRequested()) {
        await save(epoch + 1, false);
        throw new StopRequested(epoch + 1);
      }
      if (hook.due(epoch, probed)) await save(epoch + 1, false);
    }
    if (hook !== undefined && divergedAt === null) await save(opts.epochs, true);
  } finally {
    tf.dispose(theta0);
  }
  return { status: divergedAt === null ? "complete" : "diverged", divergedAt, series };
}
