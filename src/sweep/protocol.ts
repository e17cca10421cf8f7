/**
 * The messages a worker process prints on stdout for the pool, one JSON object per line after a
 * marker (so that other output of libraries on stdout is told apart).
 */
import type { RunEnv, RunStatus } from "../report/schema.ts";

/** Prefix of a protocol line. */
export const MARKER = "@@plbench ";

/** A message from a worker to the pool. */
export type WorkerMessage =
  | { t: "env"; env: RunEnv }
  | { t: "start"; epoch: number; from: "checkpoint" | "extension" | null }
  | { t: "epoch"; epoch: number; epochs: number; loss: number }
  | { t: "stopped"; epoch: number | null; signal: "SIGTERM" | "SIGINT" }
  | { t: "done"; status: RunStatus; path: string }
  | { t: "skipped"; reason: "claimed" | "finished" };

/** The line a worker prints for `message`. */
export function formatMessage(message: WorkerMessage): string {
  return MARKER + JSON.stringify(message);
}

/** The message in a line, or null for a line that is not a protocol line. */
export function parseMessage(line: string): WorkerMessage | null {
  if (!line.startsWith(MARKER)) return null;
  try {
    return JSON.parse(line.slice(MARKER.length)) as WorkerMessage;
  } catch {
    return null;
  }
}
