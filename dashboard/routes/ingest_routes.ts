/**
 * Writes: `POST /api/reports` (one report or an array; validated, all or nothing, upsert by run id)
 * and `POST /api/heartbeats` (live progress). Both need the bearer token when one is configured,
 * checked before the body is read; bodies are read within their limits (request_body.ts).
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { timingSafeEqual } from "node:crypto";
import { parseHeartbeat } from "./live.ts";
import type { Deps } from "./deps.ts";
import type { ParsePool } from "./parse_pool.ts";
import { type ParsedWrite, parseWrite, type WriteKind } from "./parse_write.ts";
import { type BodyBudget, MAX_HEARTBEAT_BYTES, readBody } from "./request_body.ts";

function sameToken(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Requires `Authorization: Bearer <token>` when a token is configured; 401 otherwise. */
export function requireToken(token: string | null): MiddlewareHandler {
  return async (c, next) => {
    if (token !== null) {
      const header = c.req.header("authorization");
      if (header === undefined) {
        throw new HTTPException(401, { message: "Missing 'Authorization: Bearer <token>' header" });
      }
      const match = /^Bearer (.+)$/.exec(header);
      if (match === null || !sameToken(match[1]!, token)) {
        throw new HTTPException(401, { message: "Wrong bearer token" });
      }
    }
    await next();
  };
}

/** Where posted bodies are parsed and how much of them memory holds at once. */
export interface WriteIntake {
  /** Worker threads for big bodies; null: every body is parsed on the event loop. */
  pool: ParsePool | null;
  budget: BodyBudget;
}

/**
 * The body of a write of `kind`, read within the limits (request_body.ts), parsed and checked
 * (parse_write.ts, on a worker when it is big); 413, 400 or 422 naming what is wrong otherwise.
 * Call `release` once what it holds is stored.
 */
export async function readWrite<K extends WriteKind>(
  c: Context,
  deps: Deps,
  kind: K,
): Promise<{ parsed: Extract<ParsedWrite, { ok: true; kind: K }>; release: () => void }> {
  const { bytes, release } = await readBody(c.req.raw, deps.maxBodyBytes, deps.intake.budget);
  try {
    const parsed = deps.intake.pool === null
      ? parseWrite(kind, new TextDecoder().decode(bytes))
      : await deps.intake.pool.parse(kind, bytes);
    if (!parsed.ok) throw new HTTPException(parsed.status, { message: parsed.message });
    return { parsed: parsed as Extract<ParsedWrite, { ok: true; kind: K }>, release };
  } catch (e) {
    release();
    throw e;
  }
}

/** Routes that write. */
export function ingestRoutes(deps: Deps): Hono {
  const app = new Hono();
  app.post("/api/reports", requireToken(deps.token), async (c) => {
    const { parsed, release } = await readWrite(c, deps, "reports");
    try {
      if (parsed.rows !== null) deps.store.upsertPrepared(parsed.rows);
    } finally {
      release();
    }
    deps.health.wrote();
    deps.hub.ingested(parsed.sweepIds, parsed.ids);
    return c.json({ stored: parsed.ids.length, ids: parsed.ids });
  });
  app.post("/api/heartbeats", requireToken(deps.token), async (c) => {
    const { bytes } = await readBody(c.req.raw, MAX_HEARTBEAT_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      throw new HTTPException(400, {
        message: `Request body is not valid JSON: ${(e as Error).message}`,
      });
    }
    deps.hub.post(parseHeartbeat(body));
    return c.json({ ok: true });
  });
  return app;
}
