/**
 * The report schema: the one contract between the trainer that writes reports, the sweep that
 * resumes from them and the dashboard that ingests them. `validateReport` is used on write, on read
 * and on ingest.
 */
import type { ConfigValue, RunConfig } from "../config/run_config.ts";
import type { StandardSummary } from "./metrics.ts";

/** Current schema version of a report. */
export const REPORT_SCHEMA = 3;

/** Final state of a run. */
export type RunStatus = "complete" | "diverged" | "failed";

/**
 * Where a run happened: tfjs backend, adapter and versions; `blas` is the library (and its thread
 * count, null where the library does not say) that ran the wasm backend's matrix products, null
 * on plain wasm and the other backends (absent from older reports).
 */
export interface RunEnv {
  backend: "webgpu" | "wasm" | "cpu";
  blas?: { library: string; threads: number | null } | null;
  adapter: string | null;
  deno: string;
  tfjs: string;
  os: string;
  arch: string;
  hostname: string;
}

/** The sweep a run belongs to: suite + grid; `cells` is the number of cells in the whole grid. */
export interface SweepInfo {
  id: string;
  suite: string;
  grid: Record<string, ConfigValue[]>;
  cells: number;
  shard: { index: number; count: number };
}

/** NTK eigenvalues at probe epochs. `kernelShift` is ||K_t - K_0||_2 and `drift` is ||theta_t - theta_0||. */
export interface NtkSeries {
  epoch: number[];
  lambdaMin: number[];
  lambdaMax: number[];
  kernelShift: number[];
  drift: number[];
  /** Number of inputs (the kernel is k x k, or kC x kC for C outputs). */
  k: number;
  /**
   * The float32 noise floor of the eigenvalues at each probe (src/linalg/spectrum.ts); absent in
   * schema-1 reports.
   */
  noiseFloor?: number[];
  /**
   * lambdaMin <= noiseFloor at each probe. Schema-1 reports carry the earlier rule's flags
   * (lambdaMin < k eps32 lambdaMax), which marked every full kernel; the summary reads the floor.
   */
  belowNoiseFloor: boolean[];
}

/**
 * Which inputs the NTK probes used: `k` of the run's `n` training inputs drawn from `seed` (the
 * config's `probeSeed`, default 0) by src/ntk/probe_indices.ts, and `hash`, the lowercase hex
 * SHA-256 of the ascending indices written as a JSON array (src/ntk/probe_subset.ts).
 */
export interface ProbeSubset {
  seed: number;
  k: number;
  n: number;
  hash: string;
}

/** Per-epoch trajectory; arrays are index-aligned with `epoch` (epoch 0 is at initialisation). */
export interface Series {
  epoch: number[];
  loss: number[];
  gradNormSq: number[];
  drift: number[];
  lr: number[];
  seconds: number[];
  ntk?: NtkSeries;
  fullNtk?: NtkSeries;
  accuracy?: number[];
}

/** The decay models fitted to a loss curve (see src/analysis/decay_fit.ts for the formulas). */
export type DecayModel = "geometric" | "power" | "linear";

/** The verdict of the decay-model selection: a model, or `undetermined` when none wins clearly. */
export type DecayVerdict = DecayModel | "undetermined";

/** Geometric fit L_t = lInf + c rho^u, u = epochs since the fit window's first epoch. */
export interface GeometricParams {
  lInf: number;
  c: number;
  /** Contraction factor per epoch, in (0, 1). */
  rho: number;
}

/** Power-law fit L_t = lInf + c (1 + u / t0)^(-p), u = epochs since the window's first epoch. */
export interface PowerParams {
  lInf: number;
  c: number;
  /** Time offset in epochs, at most 10 times the window's span. */
  t0: number;
  p: number;
}

/** Linear fit L_t = a - b u, u = epochs since the window's first epoch (no limit L_inf). */
export interface LinearParams {
  a: number;
  b: number;
}

/**
 * One model's least-squares fit: its parameters, the sum of squared relative residuals
 * (L_t - model_t) / L_t and their root mean square, the part of that misfit the curve's noise
 * does not explain, and how far the model's own quantity declines over the window.
 */
export interface DecayFit<P> {
  params: P;
  rss: number;
  rms: number;
  /**
   * sqrt(max(0, rms^2 - noise^2 (1 + 3 sqrt(2 / n)))): the systematic misfit, beyond the curve's
   * noise and the error of its estimate (src/analysis/decay_fits.ts).
   */
  misfit: number;
  /**
   * Decades of decline over the window of what the model describes (the gap model - lInf; for
   * linear, the loss itself), resolved above the noise: the end is read no lower than twice the
   * noise of the loss there; null where the model does not decline.
   */
  decades: number | null;
}

/**
 * A change of regime inside a decay window: the epoch it is placed at, the two phases' best
 * models, and the late phase judged on its own by the same standard.
 */
export interface DecayChange {
  epoch: number;
  before: DecayModel;
  after: DecayModel;
  /** The two-piece fit's systematic misfit (each phase fitted with its own best model). */
  misfit: number;
  /** The selection on the epochs from `epoch` to the window's end (its own `change` null). */
  late: Decay | null;
}

/**
 * Decay-model selection on a window of epochs (src/analysis/decay_model.ts): the three models
 * fitted with L_inf free and judged on their systematic misfit beyond the curve's own noise.
 * `model` is the best fit when its quantity declines by the config's `minDecades` resolved above
 * the noise, the curve does not change regime inside the window, its misfit is at most 1% of the
 * window's semilog extent (at least 1 nat), and
 * the runner-up is clearly worse (`separation` >= 3 and `evidence` >= 25); else `undetermined`,
 * with `reason` saying which condition failed.
 */
export interface Decay {
  model: DecayVerdict;
  /** The model with the smallest residuals, whatever the verdict. */
  best: DecayModel;
  /** The model with the second smallest residuals. */
  runnerUp: DecayModel;
  /**
   * The runner-up's misfit over the best's, the runner-up's taken as the best's plus the
   * difference of their mean squared residuals (Number.MAX_VALUE when the best fits within the
   * noise).
   */
  separation: number;
  /** The runner-up's extra squared residuals summed over the window, in noise variances. */
  evidence: number;
  /** Relative noise scale of the losses (src/analysis/noise_scale.ts). */
  noise: number;
  /** Why the verdict is `undetermined` (null otherwise). */
  reason: string | null;
  /** Contraction factor per epoch when `best` is geometric, else null. */
  rho: number | null;
  /** The limit L_inf of `best` (null when linear: a line has none). */
  lInf: number | null;
  /** `best`'s decades of decline resolved above the noise (its fit's `decades`). */
  gapDecades: number | null;
  /** A change of regime found inside the window (the verdict is then undetermined), or null. */
  change: DecayChange | null;
  /** First and last epoch fitted. */
  window: [number, number];
  /** Number of epochs fitted. */
  points: number;
  fits: {
    geometric: DecayFit<GeometricParams>;
    power: DecayFit<PowerParams>;
    linear: DecayFit<LinearParams>;
  };
}

/** Which kernel a quantity came from: the full training set or the probe subset. */
export type KernelKind = "full" | "subset";

/** A value of the summary: standard fields and the suites' own (number, boolean or null). */
export type SummaryValue = number | boolean | string | [number, number] | Decay | null;

/**
 * Post-hoc analysis of a run (null where a value is undefined for this run); a pure function of
 * the report's series, config and trainSize (src/analysis/summarize.ts), so a stored report can
 * always be summarised again. Its standard fields, each with its meaning, label, unit and where it
 * is shown, are the metric catalogue's (metrics.ts); suites add their own measured values under
 * other keys.
 *
 * Output scale alpha (config `outputScale`, or `alpha`) and heavy-ball momentum beta (config
 * `momentum`) enter the normalisations: the loss is 1/(2 n alpha^2) sum (alpha f - y)^2 and the
 * kernel is that of alpha f, so lambda / (n alpha^2) is the Gauss-Newton scale.
 */
export interface Summary extends StandardSummary {
  [key: string]: SummaryValue;
}

/** One run's report, as written to `<out>/<id>.json`. */
export interface Report {
  schema: typeof REPORT_SCHEMA;
  id: string;
  suite: string;
  sweep: SweepInfo;
  config: RunConfig;
  status: RunStatus;
  divergedAt: number | null;
  error: string | null;
  params: number;
  /** Number of training samples n (the normalisation of eta_max and the PL bound); null if none. */
  trainSize: number | null;
  /**
   * Outputs of the model per input (1 for a scalar output, C for C classes): n x outputs is the
   * number of targets the model must fit to interpolate. Absent in older reports: 1.
   */
  outputs?: number;
  env: RunEnv;
  /**
   * The NTK probe subset, for a run that probed one; absent for runs without probes and in reports
   * written before the subset was fixed by the data (they drew it from their sweep's id).
   */
  probe?: ProbeSubset;
  startedAt: string;
  finishedAt: string;
  series: Series;
  summary: Summary;
  notes: string[];
}
