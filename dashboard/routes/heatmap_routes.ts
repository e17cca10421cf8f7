/**
 * Heatmap of a summary metric over two grid axes: `GET /sweeps/:sweep/heatmap?metric=&x=&y=` and
 * `GET /api/heatmap?sweep=&metric=&x=&y=`. Defaults: `finalDrift` (else the first metric) over the
 * first two axes.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { heatLevel, type Heatmap, heatmap, MAX_HEAT_VALUES, scaleOf } from "../compute/heatmap.ts";
import { fmt, type Html, html, layout } from "./view.ts";
import { metricLabel } from "../../src/report/metrics.ts";
import { type Deps, requireQuery, sweepOr404, sweepTable } from "./deps.ts";

function pick(c: Context, name: string, allowed: string[], fallback: string | undefined): string {
  const v = c.req.query(name) ?? fallback;
  if (v === undefined || !allowed.includes(v)) {
    throw new HTTPException(400, {
      message: `Query parameter '${name}' must be one of ${allowed.join(", ") || "(none)"}, got '${
        v ?? "nothing"
      }'`,
    });
  }
  return v;
}

function build(deps: Deps, c: Context, sweepId: string): Heatmap {
  const s = sweepOr404(deps, sweepId);
  const table = sweepTable(deps, s);
  const metric = pick(
    c,
    "metric",
    table.metrics,
    table.metrics.includes("finalDrift") ? "finalDrift" : table.metrics[0],
  );
  const x = pick(c, "x", table.axes, table.axes[0]);
  const y = pick(c, "y", table.axes, table.axes.find((a) => a !== x) ?? x);
  return heatmap(table, metric, x, y);
}

function options(
  values: string[],
  chosen: string,
  label: (value: string) => string = (v) => v,
): Html[] {
  return values.map((v) =>
    html`
      <option value="${v}" ${v === chosen
        ? html`
          selected
        `
        : ""}>${label(v)}</option>
    `
  );
}

function grid(map: Heatmap): Html {
  const scale = scaleOf(map);
  return html`<table id="heatmap"><tr><th>${map.y} ↓ · ${map.x} →</th>${
    map.xValues.map((v) => html`<th>${String(v)}</th>`)
  }</tr>${
    map.yValues.map((yv, j) =>
      html`<tr><th>${String(yv)}</th>${
        map.xValues.map((_, i) => {
          const cell = map.cells[j]![i]!;
          if (cell.mean === null) return html`<td class="muted">–</td>`;
          return html`
            <td class="hm-${heatLevel(scale(cell.mean))}"
              title="${cell.n} runs from ${cell.points} grid points" data-v="${cell.mean}">${fmt(
                cell.mean,
              )}</td>
          `;
        })
      }</tr>`
    )
  }</table>`;
}

/** Routes of the heatmap page and its JSON. */
export function heatmapRoutes(deps: Deps): Hono {
  const app = new Hono();
  app.get("/api/heatmap", (c) => c.json(build(deps, c, requireQuery(c, "sweep"))));
  app.get("/sweeps/:sweep/heatmap", (c) => {
    const sweepId = c.req.param("sweep");
    const map = build(deps, c, sweepId);
    const s = sweepOr404(deps, sweepId);
    const table = sweepTable(deps, s);
    const body = html`<p>Sweep <a href="/sweeps/${encodeURIComponent(s.id)}">${s.id}</a> · mean of
 <b>${metricLabel(map.metric)}</b> across seeds (complete runs) over ${map.x} × ${map.y};
 colour scale ${map.logColor ? "logarithmic" : "linear"}.${
      map.pooled
        ? html`
          Cells pool several grid points (other axes vary): hover for counts.
        `
        : ""
    }${
      map.xCount > map.xValues.length || map.yCount > map.yValues.length
        ? html`
          Showing the first ${MAX_HEAT_VALUES} values of an axis with more (${map.x}: ${map
            .xCount}, ${map.y}: ${map.yCount}).
        `
        : ""
    }</p>
<form method="get">metric <select name="metric">${
      options(table.metrics, map.metric, metricLabel)
    }</select>
 x <select name="x">${options(table.axes, map.x)}</select>
 y <select name="y">${
      options(table.axes, map.y)
    }</select> <button type="submit">Show</button></form>
${grid(map)}`;
    return c.html(layout(`Heatmap · ${s.id}`, body, { charts: false }).value);
  });
  return app;
}
