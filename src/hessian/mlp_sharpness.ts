/**
 * The sharpness tracker of a full-batch MLP run: lambda_max of the Hessian of the training loss
 * itself (all n samples) by the R-operator (mlp_hvp.ts), on the schedule and budget of the run's
 * `hessianEvery`, `hessianIters` and `hessianTraceProbes` (src/config/hessian_keys.ts).
 */
import type { RunConfig } from "../config/run_config.ts";
import type { Mlp } from "../model/mlp.ts";
import type { DeviceData, TransposeMode } from "../train/mlp_backprop.ts";
import { HESSIAN_DEFAULTS } from "../config/hessian_keys.ts";
import { mlpCurvatureAt } from "./mlp_hvp.ts";
import { SharpnessTracker } from "./sharpness_tracker.ts";

/** A config's sharpness settings (the defaults where a suite does not carry the keys). */
export function sharpnessSettings(config: RunConfig): {
  every: number;
  iters: number;
  traceProbes: number;
} {
  const read = (key: keyof typeof HESSIAN_DEFAULTS) =>
    typeof config[key] === "number" ? config[key] as number : HESSIAN_DEFAULTS[key];
  return {
    every: read("hessianEvery"),
    iters: read("hessianIters"),
    traceProbes: read("hessianTraceProbes"),
  };
}

/**
 * The tracker for an MLP trained by full-batch GD on `data` (null when `hessianEvery` is 0).
 *
 * @example
 * const sharpness = mlpSharpnessTracker(data, config, "flags");
 */
export function mlpSharpnessTracker(
  data: DeviceData,
  config: RunConfig,
  mode: TransposeMode,
): SharpnessTracker<Mlp> | null {
  const settings = sharpnessSettings(config);
  if (settings.every === 0) return null;
  return new SharpnessTracker((mlp: Mlp) => mlpCurvatureAt(mlp, data, "hessian", mode), {
    epochs: config.epochs,
    ...settings,
    seed: config.seed,
    samples: data.n,
    fixedBatch: false,
  });
}
