/**
 * Storage of nightly verdict reports in the dashboard's SQLite database: tables `nightly_nights` and
 * `nightly_verdicts`, created by the same migrations as the run store's (`migrations.ts`).
 * A night is upserted by id: sending the same night twice stores it once.
 */
import { DatabaseSync } from "node:sqlite";
import type { NightReport, VerdictCounts } from "../../src/nightly/night_report.ts";
import type { VerdictKind } from "../../src/nightly/compare.ts";
import { migrate } from "./migrations.ts";
import { busyTimeout, type StoreOptions } from "./store_options.ts";
import { rollbackIfOpen } from "./storage_errors.ts";

/** Nights on one page of `/nightly` and one answer of `GET /api/nightly` by default. */
export const NIGHTS_PER_PAGE = 200;

/** A stored night without its verdicts. */
export type NightRow = Pick<
  NightReport,
  | "id"
  | "set"
  | "startedAt"
  | "finishedAt"
  | "seconds"
  | "shard"
  | "hostname"
  | "regressed"
  | "counts"
>;

/** One night's value of one metric at one grid point. */
export interface HistoryPoint {
  nightId: string;
  startedAt: string;
  verdict: VerdictKind;
  observed: number | null;
  baseline: number | null;
  tolerance: number | null;
}

/** A tracked (grid point, metric) pair and its latest verdict. */
export interface TrackedSeries {
  suite: string;
  point: string;
  metric: string;
  nights: number;
  lastVerdict: VerdictKind;
}

/** Read and write access to stored nights. */
export interface NightlyStore {
  /** Inserts or replaces a night and its verdicts, in one transaction. */
  upsertNight(night: NightReport): void;
  /** Nights, newest first: `limit` of them (default 200) after skipping `offset`. */
  listNights(limit?: number, offset?: number): NightRow[];
  /** How many nights are stored. */
  countNights(): number;
  /** The whole stored night report, or null. */
  getNight(id: string): NightReport | null;
  /** One metric of one grid point across nights, oldest first. */
  history(point: string, metric: string): HistoryPoint[];
  /** Every tracked (grid point, metric) pair, regressed-last-night first. */
  listSeries(): TrackedSeries[];
  close(): void;
}

interface NightDbRow {
  id: string;
  set_name: string;
  started_at: string;
  finished_at: string;
  seconds: number;
  shard_index: number;
  shard_count: number;
  hostname: string;
  regressed: number;
  counts: string;
}

class SqliteNightlyStore implements NightlyStore {
  readonly #db: DatabaseSync;

  constructor(path: string, options: StoreOptions) {
    this.#db = new DatabaseSync(path);
    if (path !== ":memory:") this.#db.exec("PRAGMA journal_mode = WAL");
    this.#db.exec(`PRAGMA busy_timeout = ${busyTimeout(options)}`);
    migrate(this.#db);
  }

  upsertNight(night: NightReport): void {
    const db = this.#db;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.prepare("DELETE FROM nightly_verdicts WHERE night_id = ?").run(night.id);
      db.prepare(`INSERT INTO nightly_nights VALUES (?,?,?,?,?,?,?,?,?,?,?)
        ON CONFLICT (id) DO UPDATE SET set_name = excluded.set_name,
        started_at = excluded.started_at, finished_at = excluded.finished_at,
        seconds = excluded.seconds, shard_index = excluded.shard_index,
        shard_count = excluded.shard_count, hostname = excluded.hostname,
        regressed = excluded.regressed, counts = excluded.counts, body = excluded.body`).run(
        night.id,
        night.set,
        night.startedAt,
        night.finishedAt,
        night.seconds,
        night.shard.index,
        night.shard.count,
        night.hostname,
        night.regressed ? 1 : 0,
        JSON.stringify(night.counts),
        JSON.stringify(night),
      );
      const insert = db.prepare(
        "INSERT OR REPLACE INTO nightly_verdicts VALUES (?,?,?,?,?,?,?,?,?)",
      );
      for (const v of night.verdicts) {
        insert.run(
          night.id,
          v.point,
          v.suite,
          v.metric,
          v.verdict,
          v.observed,
          v.baseline,
          v.tolerance,
          night.startedAt,
        );
      }
      db.exec("COMMIT");
    } catch (e) {
      rollbackIfOpen(db);
      throw e;
    }
  }

  listNights(limit = NIGHTS_PER_PAGE, offset = 0): NightRow[] {
    const rows = this.#db.prepare(
      "SELECT * FROM nightly_nights ORDER BY started_at DESC, id LIMIT ? OFFSET ?",
    ).all(limit, offset) as unknown as NightDbRow[];
    return rows.map((r) => ({
      id: r.id,
      set: r.set_name,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      seconds: r.seconds,
      shard: { index: r.shard_index, count: r.shard_count },
      hostname: r.hostname,
      regressed: r.regressed === 1,
      counts: JSON.parse(r.counts) as VerdictCounts,
    }));
  }

  countNights(): number {
    return (this.#db.prepare("SELECT COUNT(*) AS n FROM nightly_nights").get() as { n: number }).n;
  }

  getNight(id: string): NightReport | null {
    const row = this.#db.prepare("SELECT body FROM nightly_nights WHERE id = ?").get(id) as
      | { body: string }
      | undefined;
    return row === undefined ? null : JSON.parse(row.body) as NightReport;
  }

  history(point: string, metric: string): HistoryPoint[] {
    const rows = this.#db.prepare(`SELECT night_id, started_at, verdict, observed, baseline,
      tolerance FROM nightly_verdicts WHERE point = ? AND metric = ?
      ORDER BY started_at, night_id`).all(point, metric) as unknown as {
      night_id: string;
      started_at: string;
      verdict: VerdictKind;
      observed: number | null;
      baseline: number | null;
      tolerance: number | null;
    }[];
    return rows.map((r) => ({
      nightId: r.night_id,
      startedAt: r.started_at,
      verdict: r.verdict,
      observed: r.observed,
      baseline: r.baseline,
      tolerance: r.tolerance,
    }));
  }

  listSeries(): TrackedSeries[] {
    const rows = this.#db.prepare(`SELECT v.suite, v.point, v.metric, COUNT(*) AS nights,
      (SELECT w.verdict FROM nightly_verdicts w WHERE w.point = v.point AND w.metric = v.metric
        ORDER BY w.started_at DESC LIMIT 1) AS last_verdict
      FROM nightly_verdicts v GROUP BY v.suite, v.point, v.metric
      ORDER BY (last_verdict = 'regressed') DESC, v.suite, v.point, v.metric`).all() as unknown as {
      suite: string;
      point: string;
      metric: string;
      nights: number;
      last_verdict: VerdictKind;
    }[];
    return rows.map((r) => ({
      suite: r.suite,
      point: r.point,
      metric: r.metric,
      nights: r.nights,
      lastVerdict: r.last_verdict,
    }));
  }

  close(): void {
    this.#db.close();
  }
}

/**
 * Opens (creating and migrating if needed) the nightly tables in the SQLite database at `path`;
 * pass the dashboard's database file to keep nights beside the runs.
 */
export function openNightlyStore(path: string, options: StoreOptions = {}): NightlyStore {
  return new SqliteNightlyStore(path, options);
}
