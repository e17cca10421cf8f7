/**
 * Versioned schema migrations of the dashboard database, for every table in it (runs and nightly
 * verdicts alike). Each migration runs once, in order, inside a transaction, and is recorded in
 * `schema_migrations`; a database newer than the code is refused.
 */
import type { DatabaseSync } from "node:sqlite";
import { upgradeStoredReports } from "./report_upgrade.ts";
import { rollbackIfOpen } from "./storage_errors.ts";

/** Tells how far a migration's rewrite of stored rows is: `done` of `total` rows. */
export type MigrationProgress = (done: number, total: number) => void;

/**
 * One schema step; `version` values are consecutive from 1. `data` rewrites stored rows after the
 * SQL, in the same transaction, telling its progress.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
  data?: (db: DatabaseSync, progress: MigrationProgress) => void;
}

/** How a migration is told: a line per step and progress line at most every `progressMs`. */
export interface MigrationLog {
  line: (text: string) => void;
  /** Least time between two progress lines of one migration (default 2,000 ms). */
  progressMs?: number;
}

/** Every migration, oldest first. Append new ones; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "sweeps, runs with indexed columns, report bodies",
    sql: `
      CREATE TABLE sweeps (
        id TEXT PRIMARY KEY,
        suite TEXT NOT NULL,
        grid TEXT NOT NULL,
        cells INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        suite TEXT NOT NULL,
        sweep_id TEXT NOT NULL,
        point_id TEXT NOT NULL,
        point_config TEXT NOT NULL,
        seed INTEGER NOT NULL,
        status TEXT NOT NULL,
        params INTEGER NOT NULL,
        config TEXT NOT NULL,
        summary TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        ingested_at TEXT NOT NULL
      );
      CREATE INDEX runs_suite_status ON runs (suite, status);
      CREATE INDEX runs_sweep_point ON runs (sweep_id, point_id);
      CREATE INDEX runs_sweep_status ON runs (sweep_id, status);
      CREATE INDEX runs_status ON runs (status);
      CREATE TABLE report_bodies (
        id TEXT PRIMARY KEY,
        body TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "runs.seq: write sequence number, so readers can fetch only what changed",
    sql: `
      ALTER TABLE runs ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
      UPDATE runs SET seq = rowid;
      CREATE INDEX runs_seq ON runs (seq);
    `,
  },
  {
    version: 3,
    description: "nightly nights and verdicts; their tables may predate this ledger",
    sql: `
      CREATE TABLE IF NOT EXISTS nightly_nights (
        id TEXT PRIMARY KEY,
        set_name TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        seconds REAL NOT NULL,
        shard_index INTEGER NOT NULL,
        shard_count INTEGER NOT NULL,
        hostname TEXT NOT NULL,
        regressed INTEGER NOT NULL,
        counts TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS nightly_nights_started ON nightly_nights (started_at);
      CREATE TABLE IF NOT EXISTS nightly_verdicts (
        night_id TEXT NOT NULL,
        point TEXT NOT NULL,
        suite TEXT NOT NULL,
        metric TEXT NOT NULL,
        verdict TEXT NOT NULL,
        observed REAL,
        baseline REAL,
        tolerance REAL,
        started_at TEXT NOT NULL,
        PRIMARY KEY (night_id, point, metric)
      );
      CREATE INDEX IF NOT EXISTS nightly_verdicts_series
        ON nightly_verdicts (point, metric, started_at);
      DROP TABLE IF EXISTS nightly_migrations;
    `,
  },
  {
    version: 4,
    description: "reports of schema 1 summarised again as schema 2 (decay verdicts, PL references)",
    sql: "",
    data: (db, progress) => void upgradeStoredReports(db, progress),
  },
  {
    version: 5,
    description: "reports of schema 1 and 2 summarised again as schema 3 (decay verdicts on one " +
      "evidence standard, the PL verdict along the run)",
    sql: "",
    data: (db, progress) => void upgradeStoredReports(db, progress),
  },
];

/**
 * Applies every migration newer than the database's version; returns the versions applied. With
 * `log`, says what it does: one line for a new database, else a line per migration, its progress
 * through the stored rows and its time.
 */
export function migrate(
  db: DatabaseSync,
  migrations: readonly Migration[] = MIGRATIONS,
  log?: MigrationLog,
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const row = db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as
    | { v: number | null }
    | undefined;
  const current = row?.v ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) {
    throw new Error(
      `Cannot open database: its schema version is ${current}, newer than this code's ${known}`,
    );
  }
  const applied: number[] = [];
  if (current === 0 && known > 0) log?.line(`new database: schema version ${known}`);
  const say = current === 0 ? undefined : log;
  for (const m of migrations) {
    if (m.version <= current) continue;
    say?.line(`migrating the database to schema version ${m.version}: ${m.description}`);
    const started = performance.now();
    let told = started;
    const progress: MigrationProgress = (done, total) => {
      const now = performance.now();
      const due = done === 0 || done === total || now - told >= (say?.progressMs ?? 2000);
      if (say === undefined || !due) return;
      told = now;
      const seconds = ((now - started) / 1000).toFixed(1);
      say.line(`  ${done} of ${total} (${Math.floor(100 * done / total)}%) after ${seconds} s`);
    };
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(m.sql);
      m.data?.(db, progress);
      db.prepare("INSERT INTO schema_migrations VALUES (?, ?, ?)").run(
        m.version,
        m.description,
        new Date().toISOString(),
      );
      db.exec("COMMIT");
    } catch (e) {
      rollbackIfOpen(db);
      throw e;
    }
    say?.line(`  version ${m.version} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    applied.push(m.version);
  }
  return applied;
}
