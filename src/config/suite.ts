/**
 * What a suite is: a typed plain object with defaults, grid axes, key specs, the qualitative
 * expectations the papers state, and a run function that trains one cell.
 */
import type { KeySpec, RunConfig } from "./run_config.ts";
import type { ProbeSubset, RunEnv, RunStatus, Series } from "../report/schema.ts";
import type { Claim } from "../claims/claim.ts";
import type { MemoryEstimate } from "../model/mlp_memory.ts";
import type { ProbeDraw } from "../ntk/probe_subset.ts";
import type { CheckpointHook, TrainState } from "../checkpoint/train_state.ts";

/**
 * A claim of the papers a suite's results should meet: the sentence, its source, and the check
 * that judges it on a sweep's reports (src/claims/claim.ts).
 */
export type Expectation = Claim;

/** One per-epoch heartbeat from a running cell. */
export interface Heartbeat {
  epoch: number;
  epochs: number;
  loss: number;
}

/** What a run function receives besides its config: the backend and side-effect hooks. */
export interface RunContext {
  env: RunEnv;
  /** Called once per epoch with the scalars already read back. */
  onEpoch: (beat: Heartbeat) => void;
  /** Where `--data-dir` points, if given. */
  dataDir: string | null;
  /**
   * Checkpoints of a trainer that supports them: the state to start from (a checkpoint of this
   * cell, or the final state of a shorter run it extends; null: from scratch) and the hook that
   * saves states and asks for a stop. Absent where the sweep gives none (a run from scratch).
   */
  checkpoint?: { resume: TrainState | null; hook: CheckpointHook };
}

/** What a run function returns; the analysis (summary) is computed from `series` afterwards. */
export interface RunOutcome {
  status: RunStatus;
  divergedAt: number | null;
  error: string | null;
  params: number;
  /** Number of training samples n (for the edge of stability 2n / lambda_max); null if not applicable. */
  trainSize: number | null;
  series: Series;
  notes: string[];
  /** The NTK probe subset the run drew (`Suite.probeSubset`); absent when it probed nothing. */
  probe?: ProbeSubset;
  /**
   * Suite-specific measured quantities (e.g. a toy's fitted rate beside its closed form), merged by
   * the sweep into the report's summary next to the standard analysis; keys must not clash with it.
   */
  extraSummary?: Record<string, number | boolean | null>;
}

/** A cell's estimated peak memory and the keys whose lowering shrinks it most. */
export interface CellMemory extends MemoryEstimate {
  /** E.g. `width or trainSize`. */
  shrink: string;
}

/** A suite: one file in suites/, listed in suites/mod.ts. */
export interface Suite {
  name: string;
  /** One line for `--list`. */
  description: string;
  defaults: RunConfig;
  /** Specs of every key the suite accepts (`--set`/`--grid` of other keys are refused). */
  keys: Record<string, KeySpec>;
  /** Default grid axes (each a list of values); `--grid` replaces an axis. */
  grid: Partial<Record<string, RunConfig[keyof RunConfig][]>>;
  /**
   * Extra cells run after the grid product, for designs a product cannot express (e.g. one more
   * width at a reduced step size): each is the base config (defaults with `--set` applied) with
   * these entries on top; `--grid` axes do not multiply them, and one equal to a grid cell is
   * dropped. Absent: the grid product only.
   */
  cells?: Partial<RunConfig>[];
  expectations: Expectation[];
  /**
   * A line the sweep prints once before running when the data differ from what the suite's name
   * promises (e.g. a fallback dataset without `--data-dir`); null or absent when there is nothing
   * to say. Workers' own output is not shown on the terminal, so this is where such news goes.
   */
  dataNotice?(dataDir: string | null): string | null;
  /**
   * Checks, once before any cell runs, that `dataDir` holds the files the suite reads; throws
   * naming the missing or unreadable file. Absent: the suite reads no data folder, and the sweep
   * refuses `--data-dir`.
   */
  checkData?(dataDir: string): Promise<void>;
  /**
   * Checks one cell's config for what the key specs alone cannot (a combination of keys, a size
   * the data cannot serve); throws an Error with one line naming the value and what is expected.
   * Called for every cell before any run. Absent: nothing beyond the key specs.
   */
  checkConfig?(config: RunConfig): void;
  /**
   * The estimated peak resident memory of a worker running `config` on `backend` (the worker's
   * `--backend`: `blas`, `wasm`, `webgpu`, `cpu` or `auto`), with what to lower to shrink it; the
   * sweep refuses a cell that cannot fit and lowers `--jobs` so that cells side by side fit.
   * Absent: a worker's runtime alone.
   */
  estimateMemory?(config: RunConfig, backend: string): CellMemory;
  /**
   * The NTK probe subset a cell draws on a training set of n samples (src/ntk/probe_subset.ts:
   * from the data and the config's `probeSeed`, never from the sweep), or null when the cell
   * probes nothing; the run draws its subset through it and returns the record. Absent: the suite
   * never probes. A finished report whose record differs is not reused (src/sweep/probe_reuse.ts).
   */
  probeSubset?(config: RunConfig, n: number): ProbeDraw | null;
  run(config: RunConfig, ctx: RunContext): Promise<RunOutcome>;
}
