/**
 * Extension: a cell whose config differs from a finished cell's only in `epochs` (more of them)
 * can start from that cell's final state, since full-batch GD from the same seed follows the same
 * trajectory. Its id (the hash of its config) is its own; its report is what a run from scratch
 * gives (the worker drops the shorter run's records at its last epoch and recomputes from there).
 */
import type { RunConfig } from "../config/run_config.ts";
import { finalStateDir, readStamp } from "../checkpoint/state_store.ts";
import { isFinished, readReport } from "../spool/store_files.ts";
import { canonicalJson } from "../util/hash.ts";

/** A final state on disk: its cell and config. */
export interface FinalState {
  id: string;
  config: RunConfig;
}

/** The final states in `out` (none for a folder that does not exist). */
export async function finalStatesIn(out: string): Promise<FinalState[]> {
  const found: FinalState[] = [];
  try {
    for await (const entry of Deno.readDir(out)) {
      const m = /^([0-9a-f]{16,64})\.final$/.exec(entry.name);
      if (!entry.isDirectory || m === null) continue;
      const stamp = await readStamp(finalStateDir(out, m[1]!));
      if (stamp !== null && stamp.id === m[1] && stamp.final) {
        found.push({ id: stamp.id, config: stamp.config });
      }
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return found;
}

/** A config without `epochs`, as canonical JSON: what a run and its extensions share. */
export function lineageOf(config: RunConfig): string {
  const { epochs: _epochs, ...rest } = config;
  return canonicalJson(rest);
}

/**
 * The final state a cell of `config` can extend: of the same config but fewer epochs, the one
 * with the most epochs whose run `finished` says is complete; null when there is none.
 */
export function extensionSource(
  config: RunConfig,
  finals: readonly FinalState[],
  finished: (id: string) => boolean,
): FinalState | null {
  const lineage = lineageOf(config);
  const candidates = finals
    .filter((f) => f.config.epochs < config.epochs && lineageOf(f.config) === lineage)
    .sort((a, b) => b.config.epochs - a.config.epochs);
  return candidates.find((f) => finished(f.id)) ?? null;
}

/** Whether the report of `id` in `out` is complete (a diverged run has no final state to extend). */
export async function completeIn(out: string, id: string): Promise<boolean> {
  const read = await readReport(out, id);
  return read.kind === "ok" && isFinished(read.report) && read.report.status === "complete";
}
