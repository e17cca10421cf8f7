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

/** Settings of a run. */
export interface GdOptions {
  epochs: number;
  lr: number;
  onEpoch?: (beat: { epoch: number; epochs: number; loss: number }) => void;
  probe?: ProbeHook<Mlp>;
  /** Default: explicit transposes on plain wasm and cpu, matMul flags on webgpu and BLAS. */
  transposeMode?: TransposeMode;
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

/**
 * Trains `mlp` in place by full-batch GD on `data` and returns the per-epoch series.
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
  const variables = mlp.layers.flatMap(({ w, b }) => [w, b]);
  const theta0 = variables.map((v) => tf.clone(v));
  const series: Series = { epoch: [], loss: [], gradNormSq: [], drift: [], lr: [], seconds: [] };
  let divergedAt: number | null = null;
  const started = performance.now();
  try {
    for (let epoch = 0; epoch <= opts.epochs; epoch++) {
      const { scalars, next } = gdStep(mlp, theta0, data, opts.lr, epoch < opts.epochs, mode);
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
        if (opts.probe?.epochs.has(epoch)) await opts.probe.run(epoch, mlp, drift);
        next.forEach((t, i) => variables[i]!.assign(t));
      } finally {
        tf.dispose([scalars, ...next]);
      }
    }
  } finally {
    tf.dispose(theta0);
  }
  return { status: divergedAt === null ? "complete" : "diverged", divergedAt, series };
}
