/**
 * A run: `GET /runs/:id` (its verdicts, the four panels of the paper's Figure 1, config, env,
 * summary), `GET /api/runs`, `GET /api/runs/:id` and `GET /api/runs/:id/series.csv`.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Report } from "../../src/report/schema.ts";
import { describeDecay } from "../../src/report/decay_text.ts";
import { decayOf, runCharts } from "./run_charts.ts";
import { verdictTable } from "./run_verdicts.ts";
import { seriesCsv } from "../compute/export.ts";
import { pointId } from "../../src/sweep/grid_point.ts";
import { chartCards, type Html, html, kvTable, layout } from "./view.ts";
import { type Deps, readableReport } from "./deps.ts";

const STATUSES = ["complete", "diverged", "failed"];

/** The most runs one `GET /api/runs` answers (`limit`). */
export const MAX_RUNS_LIMIT = 10_000;
/** `offset` of `GET /api/runs` stays below this (a whole number SQLite and JSON hold exactly). */
export const MAX_RUNS_OFFSET = 1e15;

/** A whole number in [0, max] written in decimal digits, or `fallback` when absent; else 400. */
export function parseCount(
  value: string | undefined,
  name: string,
  fallback: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!(n <= max)) {
    throw new HTTPException(400, {
      message: `Query parameter '${name}' must be a whole number from 0 to ${max}, got '${
        value.slice(0, 40)
      }'`,
    });
  }
  return n;
}

function runPage(r: Report): Html {
  const point = pointId(r.config);
  const body = html`
    <p>Suite <code>${r.suite}</code> · sweep <a href="/sweeps/${encodeURIComponent(r.sweep.id)}">${r
      .sweep.id}</a>
    · <a href="/sweeps/${encodeURIComponent(
      r.sweep.id,
    )}/points/${point}">envelope of its grid point</a>
    · status <b>${r.status}</b>${r.divergedAt === null ? "" : html`
      at epoch ${r.divergedAt}
    `}
    · ${r.params} parameters</p>
    ${r.error === null ? "" : html`<p class="note">Error: ${r.error}</p>`}
    <p><a href="/api/runs/${r.id}">JSON</a> · <a href="/api/runs/${r
      .id}/series.csv">series CSV</a></p>
    <h2>Verdicts</h2>${verdictTable(r)}
    ${r.series.ntk === undefined && r.series.fullNtk === undefined
      ? html`<p class="note">No NTK probes in this run: no eigenvalue panel.</p>`
      : ""}${chartCards(runCharts(r))}
    <div class="grid">
      <div><h2>Config</h2>${kvTable(Object.entries(r.config))}</div>
      <div><h2>Summary</h2>${kvTable(
        Object.entries(r.summary).map(([k, v]) =>
          k === "decay" || k === "decayWindow" ? [k, describeDecay(decayOf(r, k))] : [k, v]
        ),
      )}</div>
      <div><h2>Environment</h2>${kvTable([...Object.entries(r.env), ["started", r.startedAt], [
        "finished",
        r.finishedAt,
      ]])}${r.notes.length === 0 ? "" : html`
        <h2>Notes</h2>
        <ul>${r.notes.map((n) => html`<li>${n}</li>`)}</ul>
      `}
      </div>
    </div>
  `;
  return layout(`Run ${r.id.slice(0, 12)}`, body);
}

/** Routes of the run page and the runs API. */
export function runRoutes(deps: Deps): Hono {
  const app = new Hono();
  /** The report as stored (what the JSON API answers). */
  const stored = (id: string): Report => {
    const r = deps.store.getReport(id);
    if (r === null) throw new HTTPException(404, { message: `No run with id '${id}'` });
    return r;
  };
  /** The report as pages and exports use it (checked again: see readableReport). */
  const get = (id: string): Report => readableReport(stored(id), id);
  app.get("/api/runs", (c) => {
    const status = c.req.query("status");
    if (status !== undefined && !STATUSES.includes(status)) {
      throw new HTTPException(400, {
        message: `Query parameter 'status' must be one of ${STATUSES.join(", ")}, got '${status}'`,
      });
    }
    const limit = parseCount(c.req.query("limit"), "limit", 1000, MAX_RUNS_LIMIT);
    const offset = parseCount(c.req.query("offset"), "offset", 0, MAX_RUNS_OFFSET - 1);
    const items = deps.store.listRuns({
      suite: c.req.query("suite"),
      status,
      sweep: c.req.query("sweep"),
      point: c.req.query("point"),
      limit,
      offset,
    });
    return c.json({ runs: items, limit, offset });
  });
  app.get("/api/runs/:id", (c) => c.json(stored(c.req.param("id"))));
  app.get("/api/runs/:id/series.csv", (c) => {
    const r = get(c.req.param("id"));
    c.header("content-disposition", `attachment; filename="${r.id}-series.csv"`);
    return c.body(seriesCsv(r), 200, { "content-type": "text/csv; charset=utf-8" });
  });
  app.get("/runs/:id", (c) => c.html(runPage(get(c.req.param("id"))).value));
  return app;
}
