/**
 * What every route module receives, and small request helpers shared by them.
 */
import type { Context } from "hono";
import type { Report } from "../../src/report/schema.ts";
import { HTTPException } from "hono/http-exception";
import { ReportError, validateReport } from "../../src/spool/validate.ts";
import type { HeartbeatHub } from "./live.ts";
import type { WriteIntake } from "./ingest_routes.ts";
import type { Store, SweepRow } from "../storage/store.ts";
import type { CrossSeedTable } from "../compute/cross_seed_table.ts";
import { cachedTable } from "../storage/table_cache.ts";
import type { ClaimSuite } from "../../src/claims/evaluate.ts";
import type { StorageHealth } from "../storage/storage_errors.ts";

/** Dependencies of the routes. */
export interface Deps {
  store: Store;
  hub: HeartbeatHub;
  /** Bearer token that writes need; null when none is configured (loopback only). */
  token: string | null;
  /** Largest accepted request body of a write, in bytes. */
  maxBodyBytes: number;
  /** Where posted bodies are parsed, and the memory they may hold at once. */
  intake: WriteIntake;
  /** Which storage condition refuses writes now; logs when one starts and clears. */
  health: StorageHealth;
  /** The suites whose claims the pages judge (main.ts hands in plbench's). */
  claimSuites: readonly ClaimSuite[];
}

/** A required query parameter, or a 400 naming it. */
export function requireQuery(c: Context, name: string): string {
  const value = c.req.query(name);
  if (value === undefined || value === "") {
    throw new HTTPException(400, { message: `Missing query parameter '${name}'` });
  }
  return value;
}

/** The sweep named by the `:sweep` path parameter (or `sweep` query), or a 404. */
export function sweepOr404(deps: Deps, id: string): SweepRow {
  const sweep = deps.store.getSweep(id);
  if (sweep === null) throw new HTTPException(404, { message: `No sweep with id '${id}'` });
  return sweep;
}

/** The cross-seed table of a sweep, its grid's axes shown (memoised until the next write). */
export function sweepTable(deps: Deps, sweep: SweepRow): CrossSeedTable {
  return cachedTable(deps.store, { sweep: sweep.id, axes: Object.keys(sweep.grid) });
}

/**
 * A stored report as pages may use it: checked against the schema again (a database written
 * before ingest checked every field, or by hand, may hold anything), schema-1 reports upgraded;
 * a 409 naming the run and the field otherwise, never a page built on a shape it does not have.
 */
export function readableReport(stored: unknown, runId: string): Report {
  try {
    return validateReport(stored);
  } catch (e) {
    if (!(e instanceof ReportError)) throw e;
    throw new HTTPException(409, {
      message:
        `The stored report of run '${runId}' does not match the report schema (${e.message}); ` +
        "post a corrected report to replace it",
    });
  }
}

/** The reports of a grid point of a sweep (each checked by `readableReport`), or a 404. */
export function pointReportsOr404(deps: Deps, sweepId: string, point: string): Report[] {
  sweepOr404(deps, sweepId);
  const reports = deps.store.pointReports(sweepId, point);
  if (reports.length === 0) {
    throw new HTTPException(404, { message: `No grid point '${point}' in sweep '${sweepId}'` });
  }
  return reports.map((r) => readableReport(r, String((r as { id?: unknown })?.id)));
}

/** Most renderings kept per cross-seed table (e.g. its page, CSV and LaTeX with all metrics). */
const RENDERINGS_PER_TABLE = 6;
const renderings = new WeakMap<CrossSeedTable, Map<string, string>>();

/**
 * Text rendered from a cross-seed table, kept while the table is current: `cachedTable` hands out
 * the same table object until the next write, so a page, export or JSON of a big sweep is built
 * once per write, not once per request. `key` names the rendering (what and with which options).
 */
export function renderedOnce(table: CrossSeedTable, key: string, render: () => string): string {
  let kept = renderings.get(table);
  if (kept === undefined) renderings.set(table, kept = new Map());
  let text = kept.get(key);
  if (text === undefined) {
    text = render();
    kept.set(key, text);
    if (kept.size > RENDERINGS_PER_TABLE) kept.delete(kept.keys().next().value!);
  }
  return text;
}
