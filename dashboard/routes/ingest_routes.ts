/**
 * Writes: `POST /api/reports` (one report or an array; validated, all or nothing, upsert by run id)
 * and `POST /api/heartbeats` (live progress). Both need the bearer token when one is configured.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { timingSafeEqual } from "node:crypto";
import type { Report } from "../../src/report/schema.ts";
import { ReportError, validateReport } from "../../src/spool/validate.ts";
import { parseHeartbeat } from "./live.ts";
import type { Deps } from "./deps.ts";

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

/** The request body parsed as JSON; a 400 naming the parse error otherwise. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HTTPException(400, {
      message: `Request body is not valid JSON: ${(e as Error).message}`,
    });
  }
}

/** Validates every report of a posted body; throws a 422 naming the first bad field. */
export function validateBatch(body: unknown): Report[] {
  const batch = Array.isArray(body);
  const items = batch ? body : [body];
  if (items.length === 0) {
    throw new HTTPException(400, { message: "Expected a report or a non-empty array of reports" });
  }
  return items.map((item, i) => {
    try {
      return validateReport(item);
    } catch (e) {
      if (!(e instanceof ReportError)) throw e;
      const where = batch ? `reports[${i}]: ` : "";
      throw new HTTPException(422, {
        message: `${where}${e.message}; nothing of this request was stored`,
      });
    }
  });
}

/** A middleware answering 413 to a body over `deps.maxBodyBytes`. */
export function requestSizeLimit(deps: Deps): MiddlewareHandler {
  return bodyLimit({
    maxSize: deps.maxBodyBytes,
    onError: () => {
      throw new HTTPException(413, {
        message: `Request body too large: the limit is ${deps.maxBodyBytes} bytes`,
      });
    },
  });
}

/** Routes that write. */
export function ingestRoutes(deps: Deps): Hono {
  const app = new Hono();
  const limit = requestSizeLimit(deps);
  app.post("/api/reports", requireToken(deps.token), limit, async (c) => {
    const reports = validateBatch(await readJson(c));
    deps.store.upsertReports(reports);
    const ids = reports.map((r) => r.id);
    deps.hub.ingested([...new Set(reports.map((r) => r.sweep.id))], ids);
    return c.json({ stored: ids.length, ids });
  });
  app.post("/api/heartbeats", requireToken(deps.token), limit, async (c) => {
    const beat = parseHeartbeat(await readJson(c));
    deps.hub.post(beat);
    return c.json({ ok: true });
  });
  return app;
}
