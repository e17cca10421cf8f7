/**
 * Where the cells of a shard will start, as far as the sweep can tell before its workers check
 * their backends: a cell with a checkpoint resumes at its epoch, a cell with a finished shorter
 * run of the same config extends that run's final state (the worker confirms either, or says why
 * not and starts from scratch). Under `--force` every cell starts from scratch.
 */
import { checkpointDir, readStamp } from "../checkpoint/state_store.ts";
import { completeIn, extensionSource, finalStatesIn } from "./extension.ts";
import type { Cell } from "./plan.ts";

/** The planned start of the cells to run: resumes by epoch, extensions by source run. */
export interface StartPlan {
  /** Cells with a checkpoint: the epoch it resumes at. */
  resumeAt: Map<string, number>;
  /** Cells without one that extend a finished shorter run: its id and epochs. */
  extendFrom: Map<string, { id: string; epochs: number }>;
}

/** Plans where each of `cells` starts, from the states in `out`. */
export async function planStarts(
  out: string,
  cells: readonly Cell[],
  force: boolean,
): Promise<StartPlan> {
  const plan: StartPlan = { resumeAt: new Map(), extendFrom: new Map() };
  if (force || cells.length === 0) return plan;
  const finals = await finalStatesIn(out);
  const complete = new Map<string, boolean>();
  for (const f of finals) complete.set(f.id, await completeIn(out, f.id));
  for (const cell of cells) {
    const stamp = await readStamp(checkpointDir(out, cell.id));
    if (stamp !== null && stamp.id === cell.id) {
      plan.resumeAt.set(cell.id, stamp.epoch);
      continue;
    }
    const source = extensionSource(cell.config, finals, (id) => complete.get(id) === true);
    if (source !== null) {
      plan.extendFrom.set(cell.id, { id: source.id, epochs: source.config.epochs });
    }
  }
  return plan;
}

/** The epochs the cells will compute: from their planned start to their last epoch. */
export function epochsToRun(cells: readonly Cell[], plan: StartPlan): number {
  return cells.reduce((sum, c) => {
    const start = plan.resumeAt.get(c.id) ?? plan.extendFrom.get(c.id)?.epochs ?? 0;
    return sum + c.config.epochs + 1 - start;
  }, 0);
}
