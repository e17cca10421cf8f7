/**
 * Sending reports to the dashboard: POST /api/reports with a bearer token, retried with exponential
 * backoff; heartbeats to /api/heartbeats (best effort, never retried); the ids the dashboard holds.
 * Nothing here throws on network errors: the local report stays the source of truth.
 */
import type { Report } from "./schema.ts";
import { STORED_VALUE_LIMITS } from "./bounded_json.ts";

/** Where reports go. */
export interface UploadTarget {
  /** Base URL of the dashboard, e.g. http://127.0.0.1:8080 */
  url: string;
  token: string | null;
  /** Tries per request (default 5) and the first backoff delay (default 200 ms, doubling). */
  tries?: number;
  backoffMs?: number;
}

/** A heartbeat of a running cell. */
export interface HeartbeatBody {
  runId: string;
  sweepId: string;
  epoch: number;
  epochs: number;
  loss: number;
  /** The sweep's suite and size, so the dashboard can show a sweep before its first report. */
  suite: string;
  cells: number;
}

function endpoint(target: UploadTarget, path: string): string {
  return target.url.replace(/\/+$/, "") + path;
}

function headers(target: UploadTarget): HeadersInit {
  const h: Record<string, string> = { "content-type": "application/json" };
  if (target.token !== null) h.authorization = `Bearer ${target.token}`;
  return h;
}

/** Outcome of an upload: `ok`, or the last error after every try. */
export type UploadResult = { ok: true } | { ok: false; error: string };

/**
 * The most bytes of JSON one batch sends: the dashboard takes a body of one stored value (16 MiB)
 * plus a little framing, so a batch whose JSON is longer is sent as several.
 */
export const MAX_BATCH_BYTES = STORED_VALUE_LIMITS.size;

/**
 * Posts reports (one request for the batch, or halves of it while its JSON is over
 * MAX_BATCH_BYTES), retrying network errors and 5xx answers with exponential backoff; a 4xx answer
 * is not retried (the dashboard refused the report).
 */
export async function postReports(target: UploadTarget, reports: Report[]): Promise<UploadResult> {
  const body = JSON.stringify(reports.length === 1 ? reports[0] : reports);
  if (reports.length > 1 && new TextEncoder().encode(body).length > MAX_BATCH_BYTES) {
    const half = Math.ceil(reports.length / 2);
    const first = await postReports(target, reports.slice(0, half));
    const second = await postReports(target, reports.slice(half));
    return first.ok ? second : first;
  }
  return await postBody(target, body);
}

async function postBody(target: UploadTarget, body: string): Promise<UploadResult> {
  const tries = target.tries ?? 5;
  let delay = target.backoffMs ?? 200;
  let error = "no try made";
  for (let attempt = 1; attempt <= tries; attempt++) {
    try {
      const res = await fetch(endpoint(target, "/api/reports"), {
        method: "POST",
        headers: headers(target),
        body,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.ok) return { ok: true };
      error = `HTTP ${res.status}: ${text.slice(0, 200)}`;
      if (res.status < 500) return { ok: false, error };
    } catch (e) {
      error = (e as Error).message;
    }
    if (attempt < tries) await new Promise((ok) => setTimeout(ok, delay));
    delay *= 2;
  }
  return { ok: false, error };
}

/** Sends one heartbeat; failures are ignored (progress is best effort). */
export async function postHeartbeat(target: UploadTarget, beat: HeartbeatBody): Promise<void> {
  try {
    const res = await fetch(endpoint(target, "/api/heartbeats"), {
      method: "POST",
      headers: headers(target),
      body: JSON.stringify(beat),
      signal: AbortSignal.timeout(5_000),
    });
    await res.body?.cancel();
  } catch {
    // the dashboard is down or slow: the run goes on
  }
}

/**
 * Ids (with status) of the runs of `suite` the dashboard holds, or null when it cannot be asked.
 * Reads `GET /api/runs?suite=` page by page (`{ runs, limit, offset }`).
 */
export async function remoteRuns(
  target: UploadTarget,
  suite: string,
): Promise<Map<string, string> | null> {
  const ids = new Map<string, string>();
  const page = 1000;
  try {
    for (let offset = 0;; offset += page) {
      const url = endpoint(
        target,
        `/api/runs?suite=${encodeURIComponent(suite)}&limit=${page}&offset=${offset}`,
      );
      const res = await fetch(url, {
        headers: headers(target),
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok) {
        await res.body?.cancel();
        return null;
      }
      const body = await res.json() as { runs?: unknown };
      const list = Array.isArray(body) ? body : body.runs;
      if (!Array.isArray(list)) return null;
      for (const item of list as { id?: unknown; status?: unknown }[]) {
        if (typeof item.id === "string") ids.set(item.id, String(item.status ?? ""));
      }
      if (list.length < page || Array.isArray(body)) return ids;
    }
  } catch {
    return null;
  }
}
