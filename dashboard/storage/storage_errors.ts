/**
 * Storage failures named: SQLite's errors that mean the database cannot take a write right now (a
 * full disk, a read-only file, another writer holding the lock past the busy timeout, a failing
 * disk) become a 507 or 503 with a one-line reason instead of a 500 with a stack trace, and the
 * server logs one line when such a condition starts and one when writes work again, not one per
 * request. SQLite rolls a transaction back by itself on some of these, so the stores roll back only
 * a transaction that is still open (`rollbackIfOpen`).
 */
import type { DatabaseSync } from "node:sqlite";

/** A condition of the database that refuses writes. */
export type StorageCondition = "full" | "read-only" | "locked" | "io";

/** A storage failure as the dashboard answers it. */
export interface StorageFailure {
  condition: StorageCondition;
  status: 503 | 507;
  /** One line, for the answer. */
  reason: string;
}

const NOTHING_STORED = "nothing of this request was stored";

/** SQLite's messages (sqlite3_errstr) of each condition, and how it is answered. */
const CONDITIONS: [RegExp, StorageFailure][] = [
  [/database or disk is full/i, {
    condition: "full",
    status: 507,
    reason: `The database's disk is full: ${NOTHING_STORED}; free space on the disk that holds ` +
      "the database and send it again",
  }],
  [/readonly database|read-only/i, {
    condition: "read-only",
    status: 503,
    reason: `The database is read-only (its file or file system refuses writes): ${NOTHING_STORED}`,
  }],
  [/database is locked|database table is locked|database schema is locked/i, {
    condition: "locked",
    status: 503,
    reason: `The database is locked by another writer past the busy timeout: ${NOTHING_STORED}; ` +
      "send it again",
  }],
  [/disk I\/O error/i, {
    condition: "io",
    status: 503,
    reason:
      `The database's disk failed a read or write (SQLite: disk I/O error): ${NOTHING_STORED}`,
  }],
];

/** What a storage error means, or null when `error` is not one of the conditions above. */
export function storageFailure(error: unknown): StorageFailure | null {
  if (!(error instanceof Error)) return null;
  if ((error as { code?: unknown }).code !== "ERR_SQLITE_ERROR") return null;
  return CONDITIONS.find(([pattern]) => pattern.test(error.message))?.[1] ?? null;
}

/** Rolls back the transaction of `db` if one is still open (SQLite may have ended it already). */
export function rollbackIfOpen(db: DatabaseSync): void {
  if (db.isTransaction) db.exec("ROLLBACK");
}

/**
 * Which condition refuses writes now, logging one line when one starts (or changes) and one when
 * a write succeeds again, with the number of requests refused meanwhile.
 */
export class StorageHealth {
  #current: StorageFailure | null = null;
  #refused = 0;

  constructor(readonly log: (line: string) => void = (line) => console.error(line)) {}

  /** A request failed on `failure`. */
  refused(failure: StorageFailure): void {
    this.#refused++;
    if (this.#current?.condition === failure.condition) return;
    this.#current = failure;
    this.log(`storage: ${failure.reason.split(":")[0]!}; refusing writes (${failure.status})`);
  }

  /** A write succeeded. */
  wrote(): void {
    if (this.#current === null) return;
    this.log(
      `storage: writes work again (${this.#current.condition} cleared after ${this.#refused} ` +
        "refused requests)",
    );
    this.#current = null;
    this.#refused = 0;
  }

  /** The condition refusing writes now, or null. */
  get current(): StorageFailure | null {
    return this.#current;
  }
}
