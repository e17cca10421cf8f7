/**
 * Shards: `--shard i/N` takes the cells at positions i mod N; without the flag the shard comes from
 * the environment of the engine running the task (Slurm job array, Kubernetes Indexed Job).
 */
import { UsageError } from "../util/usage_error.ts";

/** A shard of a grid and where it came from (for the printout). */
export interface Shard {
  index: number;
  count: number;
  source: string;
}

/** The whole grid as one shard. */
export const WHOLE_GRID: Shard = { index: 0, count: 1, source: "whole grid" };

/** Env var a Kubernetes Indexed Job manifest sets to its completion count. */
export const SHARD_COUNT_ENV = "PLBENCH_SHARD_COUNT";

function whole(name: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) {
    throw new UsageError(`Cannot shard grid: ${name} must be a whole number, got '${text}'`);
  }
  return Number(text.trim());
}

function checked(index: number, count: number, source: string): Shard {
  if (count < 1) throw new UsageError(`Cannot shard grid: count must be >= 1, got count ${count}`);
  if (index >= count) {
    throw new UsageError(
      `Cannot shard grid: index must be < count, got index ${index}, count ${count}`,
    );
  }
  return { index, count, source };
}

/**
 * Parses `--shard i/N`.
 *
 * @example parseShard("1/4") // { index: 1, count: 4, source: "--shard 1/4" }
 */
export function parseShard(text: string): Shard {
  const parts = text.split("/");
  if (parts.length !== 2) {
    throw new UsageError(`Cannot shard grid: expected --shard i/N (e.g. 0/4), got '${text}'`);
  }
  const index = whole("shard index", parts[0] ?? "");
  const count = whole("shard count", parts[1] ?? "");
  return checked(index, count, `--shard ${index}/${count}`);
}

type Env = Record<string, string | undefined>;

/**
 * The shard the engine's environment gives, or null when none: Slurm `SLURM_ARRAY_TASK_ID` with
 * `SLURM_ARRAY_TASK_COUNT` (or `_MIN`/`_MAX`/`_STEP`), Kubernetes `JOB_COMPLETION_INDEX` with
 * `PLBENCH_SHARD_COUNT`.
 */
export function shardFromEnv(env: Env): Shard | null {
  const slurmId = env.SLURM_ARRAY_TASK_ID;
  if (slurmId !== undefined && slurmId !== "") {
    const id = whole("SLURM_ARRAY_TASK_ID", slurmId);
    const min = env.SLURM_ARRAY_TASK_MIN;
    const max = env.SLURM_ARRAY_TASK_MAX;
    const step = env.SLURM_ARRAY_TASK_STEP;
    if (min !== undefined && max !== undefined && min !== "" && max !== "") {
      const lo = whole("SLURM_ARRAY_TASK_MIN", min);
      const hi = whole("SLURM_ARRAY_TASK_MAX", max);
      const by = step !== undefined && step !== "" ? whole("SLURM_ARRAY_TASK_STEP", step) : 1;
      if (by < 1 || (id - lo) % by !== 0 || id < lo) {
        throw new UsageError(
          `Cannot shard grid: SLURM_ARRAY_TASK_ID ${id} is not in the array ${lo}-${hi}:${by}`,
        );
      }
      return checked((id - lo) / by, Math.floor((hi - lo) / by) + 1, `Slurm array task ${id}`);
    }
    const count = env.SLURM_ARRAY_TASK_COUNT;
    if (count === undefined || count === "") {
      throw new UsageError(
        "Cannot shard grid: SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor " +
          "SLURM_ARRAY_TASK_MIN/MAX",
      );
    }
    return checked(id, whole("SLURM_ARRAY_TASK_COUNT", count), `Slurm array task ${id}`);
  }
  const k8s = env.JOB_COMPLETION_INDEX;
  if (k8s !== undefined && k8s !== "") {
    const count = env[SHARD_COUNT_ENV];
    if (count === undefined || count === "") {
      throw new UsageError(
        `Cannot shard grid: JOB_COMPLETION_INDEX is set but ${SHARD_COUNT_ENV} is not ` +
          "(set it to the Job's completions in the manifest)",
      );
    }
    const index = whole("JOB_COMPLETION_INDEX", k8s);
    return checked(index, whole(SHARD_COUNT_ENV, count), `Kubernetes completion index ${index}`);
  }
  return null;
}

/** The shard to run: `--shard` if given, else the environment's, else the whole grid. */
export function resolveShard(flag: string | undefined, env: Env): Shard {
  if (flag !== undefined) return parseShard(flag);
  return shardFromEnv(env) ?? WHOLE_GRID;
}

/** The items at positions `index` mod `count` (in order). */
export function selectShard<T>(items: readonly T[], shard: Shard): T[] {
  return items.filter((_, position) => position % shard.count === shard.index);
}
