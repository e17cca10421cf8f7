/**
 * The sharpness tracker of a full-batch MLP run: lambda_max of the Hessian of the training loss
 * itself (all n samples) by the R-operator (mlp_hvp.ts), on the schedule and budget of the run's
 * `hessianEvery`, `hessianIters` and `hessianTraceProbes` (src/config/hessian_keys.ts), or, where
 * not set, on the NTK probes' schedule with the default budget.
 */
import type { RunConfig } from "../config/run_config.ts";
import type { Mlp } from "../model/mlp.ts";
import type { DeviceData, TransposeMode } from "../train/mlp_backprop.ts";
import { HESSIAN_DEFAULTS } from "../config/hessian_keys.ts";
import { mlpCurvatureAt } from "./mlp_hvp.ts";
import { SharpnessTracker } from "./sharpness_tracker.ts";

/** The sharpness schedule of an MLP run that sets neither `hessianEvery` nor `probeEvery`. */
export const MLP_HESSIAN_EVERY = 10;

/**
 * A config's sharpness settings: its `hessianEvery`, else `every` (the suite's schedule); its
 * budget, else the defaults.
 */
export function sharpnessSettings(config: Readonly<Record<string, unknown>>, every: number): {
  every: number;
  iters: number;
  traceProbes: number;
} {
  const read = (key: string, fallback: number) =>
    typeof config[key] === "number" ? config[key] as number : fallback;
  return {
    every: read("hessianEvery", every),
    iters: read("hessianIters", HESSIAN_DEFAULTS.hessianIters),
    traceProbes: read("hessianTraceProbes", HESSIAN_DEFAULTS.hessianTraceProbes),
  };
}

/**
 * The sharpness settings of an MLP run: not set, the probes follow the NTK probes' `probeEvery`
 * (MLP_HESSIAN_EVERY for a suite without NTK probes).
 */
export function mlpSharpnessSettings(
  config: Readonly<Record<string, unknown>>,
): ReturnType<typeof sharpnessSettings> {
  const ntk = typeof config.probeEvery === "number" ? config.probeEvery : MLP_HESSIAN_EVERY;
  return sharpnessSettings(config, ntk);
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
  const settings = mlpSharpnessSettings(config);
  if (settings.every === 0) return null;
  return new SharpnessTracker((mlp: Mlp) => mlpCurvatureAt(mlp, data, "hessian", mode), {
    epochs: config.epochs,
    ...settings,
    seed: config.seed,
    samples: data.n,
    fixedBatch: false,
  });
}
