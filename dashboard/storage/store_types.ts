/**
 * The types of the dashboard's store: runs, sweeps, filters and the `Store` interface.
 */
import type { PreparedReport } from "./prepared_report.ts";
import type { RunConfig } from "../../src/config/run_config.ts";
import type { Report, Summary } from "../../src/report/schema.ts";
import type { StatusCounts, TableRun } from "../compute/cross_seed_table.ts";

export type { StatusCounts, TableRun };

/** A stored run without its series (what lists, tables and heatmaps need): a table run and more. */
export interface RunItem extends Omit<TableRun, "summary"> {
  config: RunConfig;
  summary: Summary;
}

/** A sweep with its progress: `cells` is the number of cells its grid expects. */
export interface SweepRow {
  id: string;
  suite: string;
  grid: Record<string, unknown[]>;
  cells: number;
  counts: StatusCounts;
  updatedAt: string;
}

/** Filters of `listRuns`; all optional. */
export interface RunFilter {
  suite?: string;
  status?: string;
  sweep?: string;
  point?: string;
  limit?: number;
  offset?: number;
}

/** A stored run's id and the sequence number of its latest write. */
export interface RunSeq {
  id: string;
  seq: number;
}

/** Read and write access to stored reports. */
export interface Store {
  /** Inserts or replaces reports by run id, all in one transaction (all or nothing). */
  upsertReports(reports: Report[]): void;
  /** The same for reports already prepared as row texts (prepared_report.ts). */
  upsertPrepared(reports: PreparedReport[]): void;
  /** Runs matching `filter`, ordered by sweep, grid point and seed. */
  listRuns(filter?: RunFilter): RunItem[];
  /**
   * Lean rows for cross-seed tables: those of a sweep or a suite, or every run written after the
   * write sequence number `afterSeq`.
   */
  tableRuns(filter: { sweep?: string; suite?: string; afterSeq?: number }): TableRun[];
  /** The sequence number of the latest write (by any process); grows with every upsert. */
  lastSeq(): number;
  /**
   * A text that changes whenever a run of `sweepId` is written, or moves to another sweep (its run
   * count and latest write sequence number); writes to other sweeps leave it alone.
   */
  sweepVersion(sweepId: string): string;
  /** Whether a run with this id is stored. */
  hasRun(id: string): boolean;
  /** The whole stored report of a run, or null. */
  getReport(id: string): Report | null;
  /** The runs of a sweep with their write sequence numbers, ordered by grid point and seed. */
  sweepRunSeqs(sweepId: string): RunSeq[];
  /** The whole stored reports of these runs, in one query; ids not stored are left out. */
  reportsById(ids: readonly string[]): Map<string, Report>;
  /** Whole reports of every run of one grid point of a sweep, ordered by seed. */
  pointReports(sweepId: string, pointId: string): Report[];
  /** Every sweep with its progress, newest first. */
  listSweeps(): SweepRow[];
  /** One sweep with its progress, or null. */
  getSweep(id: string): SweepRow | null;
  /** Closes the database. */
  close(): void;
}
