/**
 * The run store's rows as SQLite returns them, and how they become what the store answers
 * (`RunItem`, `SweepRow`): stored grids and points read as scalars only.
 */
import type { RunStatus } from "../../src/report/schema.ts";
import { storedGrid, storedPoint } from "../../src/sweep/grid_point.ts";
import type { RunItem, SweepRow } from "./store_types.ts";

/** A row of `runs` as read. */
export interface RunRow {
  id: string;
  suite: string;
  sweep_id: string;
  point_id: string;
  point_config: string;
  seed: number;
  status: RunStatus;
  params: number;
  config: string;
  summary: string;
}

/** A sweep with its counts, as SWEEP_SELECT reads it. */
export interface SweepDbRow {
  id: string;
  suite: string;
  grid: string;
  cells: number;
  updated_at: string;
  complete: number | null;
  diverged: number | null;
  failed: number | null;
}

/** Sweeps with their runs counted by status (add a WHERE and GROUP BY). */
export const SWEEP_SELECT = `SELECT s.id, s.suite, s.grid, s.cells, s.updated_at,
  SUM(r.status = 'complete') AS complete, SUM(r.status = 'diverged') AS diverged,
  SUM(r.status = 'failed') AS failed
  FROM sweeps s LEFT JOIN runs r ON r.sweep_id = s.id`;

/** A run row as the store answers it. */
export function toRunItem(row: RunRow): RunItem {
  return {
    id: row.id,
    suite: row.suite,
    sweepId: row.sweep_id,
    pointId: row.point_id,
    pointConfig: storedPoint(JSON.parse(row.point_config)),
    seed: row.seed,
    status: row.status,
    params: row.params,
    config: storedPoint(JSON.parse(row.config)) as RunItem["config"],
    summary: JSON.parse(row.summary),
  };
}

/** A sweep row as the store answers it. */
export function toSweep(row: SweepDbRow): SweepRow {
  return {
    id: row.id,
    suite: row.suite,
    grid: storedGrid(JSON.parse(row.grid)),
    cells: row.cells,
    counts: {
      complete: row.complete ?? 0,
      diverged: row.diverged ?? 0,
      failed: row.failed ?? 0,
    },
    updatedAt: row.updated_at,
  };
}
