/**
 * The full-batch GD trainer's own parts of a training state: `model` (the weights theta_t and
 * theta_0, float32 bit for bit) and `series` (the per-epoch series so far); the probes add theirs.
 */
import * as tf from "@tensorflow/tfjs";
import type { Series } from "../report/schema.ts";
import {
  keepBefore,
  partOf,
  type StatefulPart,
  type StatePart,
  type TrainState,
} from "../checkpoint/train_state.ts";

/** The lists of a GD series, in the order the trainer fills them. */
export const SERIES_KEYS = ["epoch", "loss", "gradNormSq", "drift", "lr", "seconds"] as const;

type SeriesLists = Pick<Series, (typeof SERIES_KEYS)[number]>;

/** The weights' part: theta_t as `p<i>`, theta_0 as `t<i>` (host copies of theta_0 kept by the caller). */
async function modelPart(variables: tf.Variable[], theta0: Float32Array[]): Promise<StatePart> {
  const arrays: Record<string, Float32Array> = {};
  for (const [i, v] of variables.entries()) {
    arrays[`p${i}`] = Float32Array.from(await v.data() as Float32Array);
    arrays[`t${i}`] = theta0[i]!;
  }
  return { fields: { shapes: variables.map((v) => v.shape) }, arrays };
}

/** The state of a GD run that resumes at `epoch`, with the parts of `others`. */
export async function gdState(
  epoch: number,
  variables: tf.Variable[],
  theta0: Float32Array[],
  series: SeriesLists,
  others: readonly StatefulPart[],
): Promise<TrainState> {
  const parts: Record<string, StatePart> = {
    model: await modelPart(variables, theta0),
    series: { fields: Object.fromEntries(SERIES_KEYS.map((k) => [k, [...series[k]]])), arrays: {} },
  };
  for (const part of others) parts[part.partName] = part.save();
  return { epoch, parts };
}

/**
 * Restores a GD run from `state`: assigns theta_t to `variables`, returns theta_0 (host arrays)
 * and the series before `state.epoch`, and restores every part of `others`. Throws naming what does
 * not fit (another model's shapes, a missing part).
 */
export function restoreGdState(
  state: TrainState,
  variables: tf.Variable[],
  others: readonly StatefulPart[],
): { theta0: Float32Array[]; series: SeriesLists } {
  const model = partOf(state, "model");
  const theta0: Float32Array[] = [];
  for (const [i, v] of variables.entries()) {
    const p = model.arrays[`p${i}`];
    const t = model.arrays[`t${i}`];
    if (!(p instanceof Float32Array) || !(t instanceof Float32Array) || p.length !== v.size) {
      throw new Error(
        `Cannot resume: the saved weights do not fit this model (variable ${i}, shape [${v.shape}])`,
      );
    }
    const value = tf.tensor(p, v.shape);
    v.assign(value);
    value.dispose(); // the variable keeps the data
    theta0.push(t);
  }
  if (Object.keys(model.arrays).length !== 2 * variables.length) {
    throw new Error("Cannot resume: the saved model has another number of variables");
  }
  const saved = partOf(state, "series").fields as unknown as SeriesLists;
  const series = keepBefore({ ...saved }, saved.epoch, state.epoch);
  for (const part of others) part.restore(partOf(state, part.partName), state.epoch);
  return { theta0, series };
}
