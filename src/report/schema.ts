/**
 * The report schema: the one contract between the trainer that writes reports, the sweep that
 * resumes from them and the dashboard that ingests them. `validateReport` is used on write, on read
 * and on ingest.
 */
import type { ConfigValue, RunConfig } from "../config/run_config.ts";

/** Current schema version of a report. */
export const REPORT_SCHEMA = 1;

/** Final state of a run. */
export type RunStatus = "complete" | "diverged" | "failed";

/** Where a run happened: backend, adapter and versions. */
export interface RunEnv {
  backend: "webgpu" | "wasm" | "cpu";
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
  k: number;
  belowNoiseFloor: boolean[];
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

/** Post-hoc analysis of a run (null where a value is undefined for this run). */
export interface Summary {
  lStar: number | null;
  window: [number, number] | null;
  windowSource: "auto" | "override" | null;
  plMin: number | null;
  plMedian: number | null;
  contraction: number | null;
  r2: number | null;
  loglogSlope: number | null;
  lambda0: number | null;
  lambdaT: number | null;
  ntkDriftPct: number | null;
  fullLambda0: number | null;
  fullLambdaT: number | null;
  finalDrift: number | null;
  finalLoss: number | null;
  lipschitzK: number | null;
  radius: number | null;
  compatible: boolean | null;
  plBound: number | null;
  etaOverEtaMax: number | null;
  etaMaxSource: "full" | "subset" | null;
  secondsPerEpoch: number | null;
  [key: string]: number | boolean | string | [number, number] | null;
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
  env: RunEnv;
  startedAt: string;
  finishedAt: string;
  series: Series;
  summary: Summary;
  notes: string[];
}
