/**
 * A cell's estimated peak memory as the capacity planner wants it: the suite's estimate (a
 * worker's runtime alone for a suite that gives none), the cell named by the keys that matter.
 */
import type { CellMemory, MemorySuite } from "./sweep_suite.ts";
import { HEAP_SLACK_BYTES, WORKER_RUNTIME_BYTES } from "../model/mlp_memory.ts";
import type { SizedCell } from "./capacity.ts";
import type { Cell } from "./plan.ts";

/** What a suite without its own estimate is assumed to need: a started worker. */
export const RUNTIME_ONLY: CellMemory = {
  bytes: WORKER_RUNTIME_BYTES + HEAP_SLACK_BYTES,
  parts: { runtime: WORKER_RUNTIME_BYTES, slack: HEAP_SLACK_BYTES },
  shrink: "nothing (a worker's runtime alone)",
};

/** The estimate of `suite` for `cell` on `backend`. */
export function cellMemory(suite: MemorySuite, cell: Cell, backend: string) {
  return suite.estimateMemory?.(cell.config, backend) ?? RUNTIME_ONLY;
}

/**
 * A function sizing the cells of `suite` on `backend`, each named by the grid's `axes` and the
 * keys its estimate says to lower, e.g. `width=100000 trainSize=2000 seed=0`.
 */
export function sizeCellWith(
  suite: MemorySuite,
  backend: string,
  axes: readonly string[],
): (cell: Cell) => SizedCell {
  return (cell) => {
    const memory = cellMemory(suite, cell, backend);
    const named = memory.shrink.split(/[^A-Za-z]+/).filter((w) => Object.hasOwn(cell.config, w));
    const keys = [...new Set([...named, ...axes])];
    const label = keys.map((k) => `${k}=${cell.config[k]}`).join(" ");
    return { id: cell.id, label, bytes: memory.bytes, shrink: memory.shrink };
  };
}
