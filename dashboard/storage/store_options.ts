/**
 * How the stores open the database file: where migrations say what they do, and how long a write
 * waits for another writer's lock.
 */
import type { MigrationLog } from "./migrations.ts";

/** How a store is opened. */
export interface StoreOptions {
  /** Where the migrations say what they do (default: nowhere). */
  log?: MigrationLog;
  /** How long a write waits for another writer's lock before it fails (default 5,000 ms). */
  busyTimeoutMs?: number;
}

/** The busy timeout of `options`, a whole number of milliseconds. */
export function busyTimeout(options: StoreOptions): number {
  const ms = options.busyTimeoutMs ?? 5000;
  if (!Number.isInteger(ms) || ms < 0) {
    throw new RangeError(`busyTimeoutMs must be whole, got ${ms}`);
  }
  return ms;
}
