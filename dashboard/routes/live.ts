/**
 * Live progress: a posted heartbeat checked (`parseHeartbeat`), and where beats are kept and heard
 * (`heartbeat_hub.ts`, re-exported here).
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

export {
  HeartbeatHub,
  type LiveEvent,
  MAX_PENDING,
  MAX_RUNNING,
  MAX_RUNNING_PER_SWEEP,
  STALE_MS,
} from "./heartbeat_hub.ts";

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
