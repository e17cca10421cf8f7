/**
 * A summary across shards: how many cells of the whole grid have a complete, diverged or failed
 * report in any of the given folders, and how many are missing.
 */
import type { Report } from "../report/schema.ts";
import { listReports } from "../spool/store_files.ts";
import type { Cell } from "./plan.ts";

/** Counts of a grid's cells by state; each cell counts once. */
export interface Coverage {
  expected: number;
  complete: number;
  diverged: number;
  failed: number;
  missing: number;
}

const RANK = { complete: 2, diverged: 2, failed: 1 } as const;

/** The best report per id across `reports` (a finished one beats a failed one). */
export function bestReports(reports: Iterable<Report>): Map<string, Report> {
  const best = new Map<string, Report>();
  for (const r of reports) {
    const old = best.get(r.id);
    if (old === undefined || RANK[r.status] > RANK[old.status]) best.set(r.id, r);
  }
  return best;
}

/** Counts the cells of `cells` by the state of their report in `reports`. */
export function coverage(cells: readonly Cell[], reports: Map<string, Report>): Coverage {
  const c: Coverage = { expected: cells.length, complete: 0, diverged: 0, failed: 0, missing: 0 };
  for (const cell of cells) {
    const r = reports.get(cell.id);
    if (r === undefined) c.missing++;
    else c[r.status]++;
  }
  return c;
}

/**
 * Every valid report in the folders, best per id; each `<id>.json` that is not one is passed to
 * `onSkipped` with the reason.
 */
export async function reportsIn(
  dirs: readonly string[],
  onSkipped?: (path: string, reason: string) => void,
): Promise<Map<string, Report>> {
  const all: Report[] = [];
  for (const dir of dirs) all.push(...await listReports(dir, onSkipped));
  return bestReports(all);
}
