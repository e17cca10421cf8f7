/**
 * Sweeps: `GET /` (every sweep with its progress, and sweeps whose cells are running before any
 * report is stored), `GET /sweeps/:sweep` (progress, running cells updated live over server-sent
 * events, grid points; for a sweep without reports, its running cells), and their JSON: `GET /api/sweeps`,
 * `GET /api/sweeps/:sweep`; its live events are live_routes.ts.
 */
import { Hono } from "hono";
import { type Html, html, layout, raw } from "./view.ts";
import type { SweepRow } from "../storage/store.ts";
import type { PendingSweep } from "./live.ts";
import { pendingPage, pendingTable } from "./pending_pages.ts";
import { heatmapAnswers } from "../compute/heatmap.ts";
import { type Deps, renderedOnce, sweepOr404, sweepTable } from "./deps.ts";
import { claimsPanel } from "./claims_routes.ts";

function gridText(grid: Record<string, unknown[]>): string {
  return Object.entries(grid).map(([k, v]) => `${k} ∈ {${v.join(", ")}}`).join(" × ");
}

function pct(n: number, of: number): string {
  return of > 0 ? (100 * Math.min(n, of) / of).toFixed(2) : "0";
}

/**
 * A progress bar (an SVG of three stacked bars, drawn without inline styles) and the counts of a
 * sweep; the bars and counts carry data-bar and data-count for live updates.
 */
export function progress(s: SweepRow): Html {
  const c = s.counts;
  const missing = Math.max(0, s.cells - c.complete - c.diverged - c.failed);
  const bars: [string, string, number][] = [
    ["ok", "complete", c.complete],
    ["dv", "diverged", c.diverged],
    ["fl", "failed", c.failed],
  ];
  let x = 0;
  const rects = bars.map(([cls, name, n]) => {
    const width = pct(n, s.cells);
    const rect = html`
      <rect class="${cls}" data-bar="${name}" x="${x}%" width="${width}%"
        height="100%"></rect>
    `;
    x = Math.min(100, Number((x + Number(width)).toFixed(2)));
    return rect;
  });
  return html`<svg class="bar" role="img" aria-label="complete / diverged / failed of expected">
<title>complete / diverged / failed of expected</title>${rects}</svg>
<span><b data-count="complete">${c.complete}</b> complete · <b data-count="diverged">${c.diverged}</b>
 diverged · <b data-count="failed">${c.failed}</b> failed · <b data-count="missing">${missing}</b>
 missing · <b data-count="cells">${s.cells}</b> expected</span>`;
}

/**
 * Whether the sweeps list links a sweep's heatmap: it has a complete run (so a metric) and a grid
 * axis besides the seed, which is what `heatmapAnswers` asks of its table, without building it.
 */
function heatmapLinked(s: SweepRow): boolean {
  return s.counts.complete > 0 && Object.keys(s.grid).some((k) => k !== "seed");
}

function listPage(sweeps: SweepRow[], pending: PendingSweep[]): Html {
  const rows = sweeps.map((s) => {
    const href = `/sweeps/${encodeURIComponent(s.id)}`;
    return html`
      <tr>
        <td class="k"><a href="${href}">${s.id}</a></td>
        <td class="k">${s.suite}</td>
        <td class="k">${gridText(s.grid)}</td>
        <td class="k">${progress(s)}</td>
        <td class="k"><a href="${href}/table">table</a>${heatmapLinked(s)
          ? html`
            · <a href="${href}/heatmap">heatmap</a>
          `
          : ""}</td>
        <td class="k muted" title="${s.updatedAt}">${s.updatedAt.slice(0, 16).replace(
          "T",
          " ",
        )}</td>
      </tr>
    `;
  });
  const stored = sweeps.length === 0
    ? html`<p>No reports stored yet. Run <code>deno task sweep</code> or post reports to
<code>/api/reports</code>.</p>`
    : html`<table><tr><th class="k">sweep</th><th class="k">suite</th><th class="k">grid</th>
<th class="k">progress</th><th class="k">views</th><th class="k">updated</th></tr>${rows}</table>`;
  return layout("Sweeps", html`${pendingTable(pending)}${stored}`, { charts: false });
}

function sweepPage(deps: Deps, s: SweepRow, claims: Html): Html {
  const base = `/sweeps/${encodeURIComponent(s.id)}`;
  const table = sweepTable(deps, s);
  const points = raw(
    renderedOnce(
      table,
      "sweep page rows",
      () =>
        table.rows.map((r) =>
          html`<tr><td><input type="checkbox" name="point" value="${r.pointId}"></td>${
            table.axes.map((a) => html`<td>${String(r.config[a] ?? "–")}</td>`)
          }<td>${r.counts.complete}</td><td>${r.counts.diverged}</td><td>${r.counts.failed}</td>
<td class="k"><a href="${base}/points/${r.pointId}">envelopes</a></td></tr>`.value
        ).join(""),
    ),
  );
  const body = html`
    <p>Suite <code>${s.suite}</code> · grid ${gridText(s.grid)}</p>
    <section data-live="/api/sweeps/${encodeURIComponent(s.id)}/events">${progress(s)}</section>
    <h2>Running now</h2>
    <table id="live">
      <thead>
        <tr>
          <th class="k">run</th>
          <th>epoch</th>
          <th>of</th>
          <th>loss</th>
          <th class="k">last heartbeat</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td class="k muted" colspan="5">none</td>
        </tr>
      </tbody>
    </table>
    <h2>Views</h2>
    <p><a href="${base}/table">Cross-seed table</a> · ${heatmapAnswers(table)
      ? html`<a href="${base}/heatmap">Heatmap</a>`
      : html`<span class="muted">heatmap: no complete run on a grid axis yet</span>`}
    · <a href="/api/table?sweep=${encodeURIComponent(s.id)}">table JSON</a></p>
    <h2>Grid points</h2>
    <form action="${base}/compare"
      method="get"><table><tr><th></th>${table.axes.map((a) =>
        html`<th>${a}</th>`
      )}<th>complete</th><th>diverged</th><th>failed</th><th></th></tr>${points}</table>
    <button type="submit">Compare selected grid points</button></form>
    ${claims}
  `;
  return layout(`Sweep ${s.id}`, body);
}

/** Routes of the sweeps pages and their JSON. */
export function sweepRoutes(deps: Deps): Hono {
  const app = new Hono();
  const isStored = (id: string) => deps.store.getSweep(id) !== null;
  app.get("/", (c) => c.html(listPage(deps.store.listSweeps(), deps.hub.pending(isStored)).value));
  app.get(
    "/api/sweeps",
    (c) => c.json({ sweeps: deps.store.listSweeps(), pending: deps.hub.pending(isStored) }),
  );
  app.get("/sweeps/:sweep", (c) => {
    const id = c.req.param("sweep");
    const waiting = deps.store.getSweep(id) === null
      ? deps.hub.pending(isStored).find((p) => p.sweepId === id)
      : undefined;
    if (waiting !== undefined) return c.html(pendingPage(waiting).value);
    const sweep = sweepOr404(deps, id);
    return c.html(sweepPage(deps, sweep, claimsPanel(deps, sweep)).value);
  });
  app.get("/api/sweeps/:sweep", (c) => {
    const s = sweepOr404(deps, c.req.param("sweep"));
    const table = sweepTable(deps, s);
    return c.json({
      sweep: s,
      points: table.rows.map(({ pointId, config, seeds, counts }) => ({
        pointId,
        config,
        seeds,
        counts,
      })),
      running: deps.hub.active(s.id),
    });
  });
  return app;
}
