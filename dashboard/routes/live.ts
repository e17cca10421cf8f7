/**
 * Live progress: the latest heartbeat of each running cell, kept in memory, and a publish/subscribe
 * hub that the server-sent-events route listens to.
 */
import { HTTPException } from "hono/http-exception";
import { boundsViolation, STORED_VALUE_LIMITS } from "../../src/report/bounded_json.ts";
import {
  expectInteger,
  expectName,
  expectNumber,
  MAX_EPOCHS,
} from "../../src/report/field_rules.ts";

/** A running cell's latest heartbeat, as posted by a sweep worker. */
export interface Heartbeat {
  runId: string;
  sweepId: string;
  epoch: number;
  epochs: number;
  loss: number | null;
  /** The sweep's suite and number of cells; null from senders that do not give them. */
  suite: string | null;
  cells: number | null;
  /** When the server received it (ISO time). */
  at: string;
}

/** A sweep known only from the heartbeats of its running cells (no report stored yet). */
export interface PendingSweep {
  sweepId: string;
  suite: string | null;
  cells: number | null;
  running: Heartbeat[];
}

/** What subscribers hear: a heartbeat, or reports of some sweeps were stored. */
export type LiveEvent =
  | { type: "heartbeat"; beat: Heartbeat }
  | { type: "ingested"; sweepIds: string[]; runIds: string[] };

/** Heartbeats older than this are no longer shown as running. */
export const STALE_MS = 10 * 60 * 1000;

/** The most running cells the hub remembers; the oldest heartbeat is forgotten past it. */
export const MAX_RUNNING = 10_000;

/** The most sweeps without reports the sweeps list shows. */
export const MAX_PENDING = 100;

function invalid(field: string, expected: string, got: unknown): never {
  const shown = got === undefined
    ? "nothing (missing)"
    : typeof got === "number"
    ? String(got)
    : (JSON.stringify(got) ?? String(got)).slice(0, 60);
  throw new HTTPException(422, {
    message: `Invalid heartbeat: field '${field}' must be ${expected}, got ${shown}`,
  });
}

/**
 * Checks a posted heartbeat `{ runId, sweepId, epoch, epochs, loss, suite?, cells? }`; 422 naming
 * the bad field.
 */
export function parseHeartbeat(value: unknown, now = new Date()): Heartbeat {
  const outside = boundsViolation(value, STORED_VALUE_LIMITS, "heartbeat");
  if (outside !== null) invalid(outside.field, outside.expected, outside.got);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    invalid("heartbeat", "an object", value);
  }
  const o = value as Record<string, unknown>;
  const rule = (expected: string | null, key: string) => {
    if (expected !== null) invalid(key, expected, o[key]);
  };
  for (const key of ["runId", "sweepId"]) rule(expectName(o[key]), key);
  for (const key of ["epoch", "epochs"]) rule(expectInteger(o[key], 0, MAX_EPOCHS), key);
  if (o.loss !== null && expectNumber(o.loss) !== null) {
    invalid("loss", "a finite number or null", o.loss);
  }
  if (o.suite !== undefined) rule(expectName(o.suite), "suite");
  if (o.cells !== undefined) rule(expectInteger(o.cells, 1, 10_000_000), "cells");
  return {
    runId: o.runId as string,
    sweepId: o.sweepId as string,
    epoch: o.epoch as number,
    epochs: o.epochs as number,
    loss: o.loss as number | null,
    suite: (o.suite as string | undefined) ?? null,
    cells: (o.cells as number | undefined) ?? null,
    at: now.toISOString(),
  };
}

/** In-memory latest heartbeats and the subscribers to live events. */
export class HeartbeatHub {
  readonly #latest = new Map<string, Heartbeat>();
  readonly #listeners = new Set<(event: LiveEvent) => void>();

  /** Records a heartbeat (forgetting the oldest past MAX_RUNNING cells) and tells subscribers. */
  post(beat: Heartbeat): void {
    this.#latest.delete(beat.runId);
    this.#latest.set(beat.runId, beat);
    if (this.#latest.size > MAX_RUNNING) this.#latest.delete(this.#latest.keys().next().value!);
    this.#emit({ type: "heartbeat", beat });
  }

  /** Forgets the heartbeats of finished runs and tells subscribers their sweeps changed. */
  ingested(sweepIds: string[], runIds: string[]): void {
    for (const id of runIds) this.#latest.delete(id);
    this.#emit({ type: "ingested", sweepIds, runIds });
  }

  /** Fresh heartbeats of a sweep's running cells, by run id. */
  active(sweepId: string, now = Date.now()): Heartbeat[] {
    return (this.#fresh(now).get(sweepId) ?? []).sort((a, b) => a.runId.localeCompare(b.runId));
  }

  /**
   * Sweeps with fresh heartbeats that `isStored` does not know yet, in sweep id order, at most
   * MAX_PENDING of them (one pass over the heartbeats, one `isStored` per sweep listed).
   */
  pending(isStored: (sweepId: string) => boolean, now = Date.now()): PendingSweep[] {
    const out: PendingSweep[] = [];
    const bySweep = this.#fresh(now);
    for (const sweepId of [...bySweep.keys()].sort()) {
      if (out.length === MAX_PENDING) break;
      if (isStored(sweepId)) continue;
      const running = bySweep.get(sweepId)!.sort((a, b) => a.runId.localeCompare(b.runId));
      const info = running.find((b) => b.suite !== null) ?? running[0]!;
      out.push({ sweepId, suite: info.suite, cells: info.cells, running });
    }
    return out;
  }

  /** Fresh heartbeats by sweep id; stale ones are forgotten on the way. */
  #fresh(now: number): Map<string, Heartbeat[]> {
    const bySweep = new Map<string, Heartbeat[]>();
    for (const [id, beat] of this.#latest) {
      if (now - Date.parse(beat.at) > STALE_MS) {
        this.#latest.delete(id);
        continue;
      }
      const list = bySweep.get(beat.sweepId);
      if (list === undefined) bySweep.set(beat.sweepId, [beat]);
      else list.push(beat);
    }
    return bySweep;
  }

  /** Calls `listener` on every event until the returned function is called. */
  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: LiveEvent): void {
    for (const l of this.#listeners) l(event);
  }
}
