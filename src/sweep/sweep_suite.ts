/**
 * What the sweep needs of a suite: the parts grid expansion reads (`GridSuite`) and the run
 * function a worker calls (`RunnableSuite`). A suite (src/suite/suite.ts) is both and more; the
 * sweep asks for no more than it uses.
 */
import type { KeySpec, RunConfig } from "../config/run_config.ts";
import type { RunContext, RunOutcome } from "../report/run_outcome.ts";
import type { ProbeSubsetOf } from "./probe_reuse.ts";
import type { MemoryEstimate } from "../model/mlp_memory.ts";

/** The parts of a suite grid expansion needs. */
export interface GridSuite {
  name: string;
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
  /**
   * Checks one cell's config for what the key specs alone cannot (a combination of keys, a size
   * the data cannot serve); throws an Error with one line naming the value and what is expected.
   * Called for every cell before any run. Absent: nothing beyond the key specs.
   */
  checkConfig?(config: RunConfig): void;
}

/**
 * The part of a suite a worker process needs: its name, the run function of one cell, the probe
 * subset a cell draws (to tell whether a finished report still stands) and the memory estimate
 * its report notes beside the measured peak.
 */
export interface RunnableSuite extends MemorySuite {
  name: string;
  /**
   * The NTK probe subset a cell draws on a training set of n samples (src/ntk/probe_subset.ts:
   * from the data and the config's `probeSeed`, never from the sweep), or null when the cell
   * probes nothing; the run draws its subset through it and returns the record. Absent: the suite
   * never probes. A finished report whose record differs is not reused (probe_reuse.ts).
   */
  probeSubset?: ProbeSubsetOf;
  run(config: RunConfig, ctx: RunContext): Promise<RunOutcome>;
}

/** A cell's estimated peak memory and the keys whose lowering shrinks it most. */
export interface CellMemory extends MemoryEstimate {
  /** E.g. `width or trainSize`. */
  shrink: string;
}

/** The part of a suite the capacity planner reads: how much memory a cell needs. */
export interface MemorySuite {
  /**
   * The estimated peak resident memory of a worker running `config` on `backend` (the worker's
   * `--backend`: `blas`, `wasm`, `webgpu`, `cpu` or `auto`), with what to lower to shrink it; the
   * sweep refuses a cell that cannot fit and lowers `--jobs` so that cells side by side fit.
   * Absent: a worker's runtime alone.
   */
  estimateMemory?(config: RunConfig, backend: string): CellMemory;
}
