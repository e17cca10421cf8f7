/**
 * A report as the store writes it: its indexed columns and its JSON texts, computed from the report
 * alone. Preparing is the costly part of a write of a big report (serializing the body), so the
 * dashboard prepares posted reports on a worker thread and the store only inserts the texts.
 */
import type { Report, RunStatus } from "../../src/report/schema.ts";
import { pointConfig, pointId } from "../../src/sweep/grid_point.ts";

/** The row texts of one report (JSON where the store keeps JSON). */
export interface PreparedReport {
  id: string;
  suite: string;
  sweepId: string;
  pointId: string;
  /** JSON of the grid point (the config without the seed). */
  pointConfig: string;
  seed: number;
  status: RunStatus;
  params: number;
  /** JSON of the config, the summary and the whole report. */
  config: string;
  summary: string;
  body: string;
  finishedAt: string;
  sweep: { id: string; suite: string; grid: string; cells: number };
}

/** The row texts of a (validated) report. */
export function prepareReport(r: Report): PreparedReport {
  const point = pointConfig(r.config);
  return {
    id: r.id,
    suite: r.suite,
    sweepId: r.sweep.id,
    pointId: pointId(point),
    pointConfig: JSON.stringify(point),
    seed: r.config.seed,
    status: r.status,
    params: r.params,
    config: JSON.stringify(r.config),
    summary: JSON.stringify(r.summary),
    body: JSON.stringify(r),
    finishedAt: r.finishedAt,
    sweep: {
      id: r.sweep.id,
      suite: r.sweep.suite,
      grid: JSON.stringify(r.sweep.grid),
      cells: r.sweep.cells,
    },
  };
}
