/**
 * What a suite's run function receives besides its config (the backend's environment and the
 * side-effect hooks) and what it returns: the raw material of a report (src/report/build.ts).
 */
import type { ProbeSubset, RunEnv, RunStatus, Series } from "./schema.ts";
import type { CheckpointHook, TrainState } from "../checkpoint/train_state.ts";

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
  /** Outputs of the model per input (absent: 1), see Report.outputs. */
  outputs?: number;
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
