/**
 * What the load scenarios share: a fresh database and server process per scenario (the server
 * under test may be another checkout's), authenticated posts, and the figures' format.
 */
import { type ServedProcess, startServedProcess } from "../testing/served_process.ts";

/** The bearer token of the servers the load scripts start. */
export const LOAD_TOKEN = "load";

/** Options every scenario takes. */
export interface LoadOptions {
  /** The server to load: a checkout's `main.ts`, or an older one's `dashboard/serve.ts`. */
  servePath?: string;
  /** A shell line before the server starts, e.g. `ulimit -n 256`. */
  shellPrefix?: string;
}

/** A POST with the load token; resolves with the status and the answer's text. */
export async function postJson(
  url: string,
  body: BodyInit,
  signal?: AbortSignal,
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${LOAD_TOKEN}`, "content-type": "application/json" },
    body,
    signal,
  });
  return { status: res.status, text: await res.text() };
}

/**
 * Runs `scenario` against a server on a fresh temporary database (filled first by `prepare`, when
 * given, before the server starts), then stops the server and removes the database.
 */
export async function withServer<T>(
  options: LoadOptions & { prepare?: (db: string) => void | Promise<void>; args?: string[] },
  scenario: (server: ServedProcess) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "plbench-pressure-" });
  const db = `${dir}/load.db`;
  try {
    await options.prepare?.(db);
    const server = await startServedProcess({
      db,
      token: LOAD_TOKEN,
      servePath: options.servePath,
      shellPrefix: options.shellPrefix,
      args: options.args,
    });
    try {
      return await scenario(server);
    } finally {
      await server.shutdown();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Counts of each status, e.g. `50 x 200`, `9 x 413, 1 x 0` (0: no answer). */
export function statusCounts(statuses: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${n} x ${s}`).join(", ");
}

/** Seconds since `t0` (a `performance.now()` value), one decimal. */
export function secondsSince(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(1);
}
