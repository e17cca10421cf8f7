/**
 * The cross-seed table: `GET /sweeps/:sweep/table` (sortable, one row per grid point) and
 * `GET /api/table` (JSON), `/api/table.csv`, `/api/table.tex` (booktabs), each by `suite` or `sweep`.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { tableCsv, tableLatex } from "../export.ts";
import { fmt, type Html, html, layout } from "../html.ts";
import { type CrossSeedTable, crossSeedTable, METRIC_LABELS, TABLE1_METRICS } from "../table.ts";
import { type Deps, sweepOr404 } from "./deps.ts";

/** The table of `?sweep=ID` or `?suite=NAME` (one of them is required). */
export function tableFor(deps: Deps, c: Context): { table: CrossSeedTable; title: string } {
  const sweep = c.req.query("sweep");
  const suite = c.req.query("suite");
  if (sweep !== undefined) {
    const s = sweepOr404(deps, sweep);
    return {
      table: crossSeedTable(deps.store.listRuns({ sweep: s.id }), Object.keys(s.grid)),
      title: s.id,
    };
  }
  if (suite !== undefined) {
    return { table: crossSeedTable(deps.store.listRuns({ suite })), title: suite };
  }
  throw new HTTPException(400, { message: "Missing query parameter 'suite' or 'sweep'" });
}

/** The metrics named in `?metrics=a,b` (each must exist in the table), else all of them. */
export function chosenMetrics(table: CrossSeedTable, param: string | undefined): string[] {
  if (param === undefined || param === "") return table.metrics;
  const names = param.split(",").map((m) => m.trim()).filter((m) => m !== "");
  for (const m of names) {
    if (!table.metrics.includes(m)) {
      throw new HTTPException(400, {
        message: `Unknown metric '${m}'; this table has: ${table.metrics.join(", ")}`,
      });
    }
  }
  return names;
}

function num(x: number | null | undefined): string {
  return x === null || x === undefined ? "" : String(x);
}

function tableHtml(table: CrossSeedTable, metrics: string[], base: string): Html {
  let col = 0;
  const sortable = (label: Html | string, title = "") =>
    html`<th data-sort="${col++}" title="${title}">${label}</th>`;
  const header = [
    ...table.axes.map((a) => sortable(a)),
    sortable("seeds", "number of complete runs the statistics are over"),
    sortable("div./fail.", "diverged and failed runs (not in the statistics)"),
    ...metrics.flatMap((m) => [
      sortable(html`${METRIC_LABELS[m] ?? m} <span class="pm">mean ± std</span>`, m),
      sortable(html`${METRIC_LABELS[m] ?? m} <span class="pm">min</span>`, m),
    ]),
  ];
  const rows = table.rows.map((r) => {
    const axes = table.axes.map((a) => {
      const v = r.config[a];
      return html`<td data-v="${typeof v === "number" ? v : ""}">${String(v ?? "–")}</td>`;
    });
    const cells = metrics.flatMap((m) => {
      const s = r.metrics[m];
      return [
        html`<td data-v="${num(s?.mean)}">${fmt(s?.mean)}${
          s?.std === null || s?.std === undefined ? "" : html`
            <span class="pm">± ${fmt(s.std)}</span>
          `
        }</td>`,
        html`<td data-v="${num(s?.min)}">${fmt(s?.min)}</td>`,
      ];
    });
    return html`<tr>${axes}<td data-v="${r.seeds.length}"><a href="${base}/points/${r.pointId}"
 title="seeds ${r.seeds.join(", ")}">${r.seeds.length}</a></td>
<td data-v="${
      r.counts.diverged + r.counts.failed
    }">${r.counts.diverged}/${r.counts.failed}</td>${cells}</tr>`;
  });
  return html`
    <div style="overflow-x:auto">
      <table class="sortable" id="cross-seed">
        <thead>
          <tr>${header}</tr>
        </thead>
        <tbody>${rows}</tbody>
      </table>
    </div>
  `;
}

/** Routes of the cross-seed table page and its exports. */
export function tableRoutes(deps: Deps): Hono {
  const app = new Hono();
  app.get("/api/table", (c) => {
    const { table } = tableFor(deps, c);
    return c.json({
      sweep: c.req.query("sweep") ?? null,
      suite: c.req.query("suite") ?? null,
      ...table,
    });
  });
  app.get("/api/table.csv", (c) => {
    const { table, title } = tableFor(deps, c);
    c.header(
      "content-disposition",
      `attachment; filename="${encodeURIComponent(title)}-table.csv"`,
    );
    return c.body(tableCsv(table, chosenMetrics(table, c.req.query("metrics"))), 200, {
      "content-type": "text/csv; charset=utf-8",
    });
  });
  app.get("/api/table.tex", (c) => {
    const { table } = tableFor(deps, c);
    return c.body(tableLatex(table, chosenMetrics(table, c.req.query("metrics"))), 200, {
      "content-type": "text/x-tex; charset=utf-8",
    });
  });
  app.get("/sweeps/:sweep/table", (c) => {
    const s = sweepOr404(deps, c.req.param("sweep"));
    const table = crossSeedTable(deps.store.listRuns({ sweep: s.id }), Object.keys(s.grid));
    const metrics = chosenMetrics(table, c.req.query("metrics"));
    const base = `/sweeps/${encodeURIComponent(s.id)}`;
    const q = `sweep=${encodeURIComponent(s.id)}` +
      (c.req.query("metrics") ? `&metrics=${encodeURIComponent(metrics.join(","))}` : "");
    const t1 = TABLE1_METRICS.filter((m) => table.metrics.includes(m)).join(",");
    const body =
      html`<p>Sweep <a href="${base}">${s.id}</a> · one row per grid point (config without
 the seed); statistics over complete runs: mean ± sample std (n − 1) and min across seeds. Click a
 header to sort.</p>
<p>Columns: <a href="${base}/table">all metrics</a> · <a href="${base}/table?metrics=${t1}">paper
 Table 1</a> · Export: <a href="/api/table.csv?${q}">CSV</a> · <a href="/api/table.tex?${q}">LaTeX
 (booktabs)</a> · <a href="/api/table?sweep=${encodeURIComponent(s.id)}">JSON</a></p>
${tableHtml(table, metrics, base)}`;
    return c.html(layout(`Cross-seed table · ${s.id}`, body, { charts: false }).value);
  });
  return app;
}
