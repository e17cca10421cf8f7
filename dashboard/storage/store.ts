/**
 * The dashboard's store: SQLite through `node:sqlite` in WAL mode. Each run is one row with indexed
 * columns (suite, sweep, status, grid point) and its config and summary as JSON; the whole report is
 * kept in `report_bodies`. `openStore` is also what a local sweep uses to write reports directly.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { Report } from "../../src/report/schema.ts";
import { type PreparedReport, prepareReport } from "./prepared_report.ts";
import { migrate } from "./migrations.ts";
import { busyTimeout, type StoreOptions } from "./store_options.ts";
import { storedPoint } from "../../src/sweep/grid_point.ts";
import { type RunRow, SWEEP_SELECT, type SweepDbRow, toRunItem, toSweep } from "./store_rows.ts";
import { rollbackIfOpen } from "./storage_errors.ts";
import type { RunFilter, RunItem, RunSeq, Store, SweepRow, TableRun } from "./store_types.ts";

export type { StoreOptions } from "./store_options.ts";
export { busyTimeout } from "./store_options.ts";
export type {
  RunFilter,
  RunItem,
  RunSeq,
  StatusCounts,
  Store,
  SweepRow,
  TableRun,
} from "./store_types.ts";

class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  readonly #upsertRun: StatementSync;
  readonly #upsertBody: StatementSync;
  readonly #upsertSweep: StatementSync;
  readonly #lastSeq: StatementSync;
  readonly #sweepVersion: StatementSync;

  constructor(path: string, options: StoreOptions) {
    this.#db = new DatabaseSync(path);
    this.#db.exec("PRAGMA journal_mode = WAL");
    this.#db.exec("PRAGMA synchronous = NORMAL");
    this.#db.exec(`PRAGMA busy_timeout = ${busyTimeout(options)}`);
    migrate(this.#db, undefined, options.log);
    this.#upsertRun = this.#db.prepare(`INSERT INTO runs (id, suite, sweep_id, point_id,
      point_config, seed, status, params, config, summary, finished_at, ingested_at, seq)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
      ON CONFLICT (id) DO UPDATE SET suite = excluded.suite, sweep_id = excluded.sweep_id,
      point_id = excluded.point_id, point_config = excluded.point_config, seed = excluded.seed,
      status = excluded.status, params = excluded.params, config = excluded.config,
      summary = excluded.summary, finished_at = excluded.finished_at,
      ingested_at = excluded.ingested_at, seq = excluded.seq`);
    this.#upsertBody = this.#db.prepare(
      "INSERT INTO report_bodies VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
    );
    this.#upsertSweep = this.#db.prepare(`INSERT INTO sweeps VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET suite = excluded.suite, grid = excluded.grid,
      cells = excluded.cells, updated_at = excluded.updated_at`);
    this.#lastSeq = this.#db.prepare("SELECT COALESCE(MAX(seq), 0) AS seq FROM runs");
    this.#sweepVersion = this.#db.prepare(
      "SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS seq FROM runs WHERE sweep_id = ?",
    );
  }

  sweepVersion(sweepId: string): string {
    const { n, seq } = this.#sweepVersion.get(sweepId) as { n: number; seq: number };
    return `${n}@${seq}`;
  }

  lastSeq(): number {
    return (this.#lastSeq.get() as { seq: number }).seq;
  }

  tableRuns(filter: { sweep?: string; suite?: string; afterSeq?: number }): TableRun[] {
    const [where, value] = filter.sweep !== undefined
      ? ["sweep_id = ?", filter.sweep]
      : filter.suite !== undefined
      ? ["suite = ?", filter.suite]
      : ["seq > ?", filter.afterSeq ?? 0];
    const rows = this.#db.prepare(`SELECT id, suite, sweep_id, point_id, point_config, seed, status,
      params, summary FROM runs WHERE ${where}`).all(value) as unknown as RunRow[];
    const configs = new Map<string, TableRun["pointConfig"]>();
    return rows.map((row) => {
      let pointConfig = configs.get(row.point_id);
      if (pointConfig === undefined) {
        pointConfig = storedPoint(JSON.parse(row.point_config));
        configs.set(row.point_id, pointConfig);
      }
      return {
        id: row.id,
        suite: row.suite,
        sweepId: row.sweep_id,
        pointId: row.point_id,
        pointConfig,
        seed: row.seed,
        status: row.status,
        params: row.params,
        summary: row.status === "complete" ? JSON.parse(row.summary) : null,
      };
    });
  }

  upsertReports(reports: Report[]): void {
    this.upsertPrepared(reports.map(prepareReport));
  }

  upsertPrepared(reports: PreparedReport[]): void {
    const now = new Date().toISOString();
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      let seq = this.lastSeq();
      const sweeps = new Map<string, PreparedReport["sweep"]>();
      for (const r of reports) {
        this.#upsertRun.run(
          r.id,
          r.suite,
          r.sweepId,
          r.pointId,
          r.pointConfig,
          r.seed,
          r.status,
          r.params,
          r.config,
          r.summary,
          r.finishedAt,
          now,
          ++seq,
        );
        this.#upsertBody.run(r.id, r.body);
        sweeps.set(r.sweep.id, r.sweep);
      }
      for (const s of sweeps.values()) {
        this.#upsertSweep.run(s.id, s.suite, s.grid, s.cells, now);
      }
      this.#db.exec("COMMIT");
    } catch (e) {
      rollbackIfOpen(this.#db);
      throw e;
    }
  }

  listRuns(filter: RunFilter = {}): RunItem[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const columns: [keyof RunFilter, string][] = [
      ["suite", "suite"],
      ["status", "status"],
      ["sweep", "sweep_id"],
      ["point", "point_id"],
    ];
    for (const [key, column] of columns) {
      const value = filter[key];
      if (value !== undefined) {
        where.push(`${column} = ?`);
        args.push(value);
      }
    }
    let sql = `SELECT id, suite, sweep_id, point_id, point_config, seed, status, params, config,
      summary FROM runs ${where.length > 0 ? "WHERE " + where.join(" AND ") : ""}
      ORDER BY sweep_id, point_id, seed`;
    if (filter.limit !== undefined) {
      sql += " LIMIT ? OFFSET ?";
      args.push(filter.limit, filter.offset ?? 0);
    }
    return (this.#db.prepare(sql).all(...args) as unknown as RunRow[]).map(toRunItem);
  }

  hasRun(id: string): boolean {
    return this.#db.prepare("SELECT 1 FROM runs WHERE id = ?").get(id) !== undefined;
  }

  getReport(id: string): Report | null {
    const row = this.#db.prepare("SELECT body FROM report_bodies WHERE id = ?").get(id) as
      | { body: string }
      | undefined;
    return row === undefined ? null : JSON.parse(row.body);
  }

  sweepRunSeqs(sweepId: string): RunSeq[] {
    return this.#db.prepare(`SELECT id, seq FROM runs WHERE sweep_id = ? ORDER BY point_id, seed`)
      .all(sweepId) as unknown as RunSeq[];
  }

  reportsById(ids: readonly string[]): Map<string, Report> {
    const rows = this.#db.prepare(`SELECT id, body FROM report_bodies
      WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as unknown as {
      id: string;
      body: string;
    }[];
    return new Map(rows.map((r) => [r.id, JSON.parse(r.body)]));
  }

  pointReports(sweepId: string, point: string): Report[] {
    const rows = this.#db.prepare(`SELECT b.body FROM runs r JOIN report_bodies b ON b.id = r.id
      WHERE r.sweep_id = ? AND r.point_id = ? ORDER BY r.seed`).all(sweepId, point) as unknown as {
      body: string;
    }[];
    return rows.map((r) => JSON.parse(r.body));
  }

  listSweeps(): SweepRow[] {
    const rows = this.#db.prepare(`${SWEEP_SELECT} GROUP BY s.id ORDER BY s.updated_at DESC, s.id`)
      .all() as unknown as SweepDbRow[];
    return rows.map(toSweep);
  }

  getSweep(id: string): SweepRow | null {
    const row = this.#db.prepare(`${SWEEP_SELECT} WHERE s.id = ? GROUP BY s.id`).get(id) as
      | SweepDbRow
      | undefined;
    return row === undefined ? null : toSweep(row);
  }

  close(): void {
    this.#db.close();
  }
}

/**
 * Opens (creating and migrating if needed) the SQLite store at `path` (":memory:" for a
 * throwaway one).
 *
 * @example
 * const store = openStore("plbench.db", { log: { line: console.log } });
 * store.upsertReports([report]);
 * store.close();
 */
export function openStore(path: string, options: StoreOptions = {}): Store {
  return new SqliteStore(path, options);
}
