/**
 * The cross-seed table: `GET /sweeps/:sweep/table` (sortable, one row per grid point) and
 * `GET /api/table` (JSON), `/api/table.csv`, `/api/table.tex` (booktabs), each by `suite` or `sweep`.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { tableCsv, tableLatex } from "../compute/export.ts";
import { escapeHtml, fmt, type Html, html, layout, raw } from "./view.ts";
import { type CrossSeedTable, decayCounts } from "../compute/cross_seed_table.ts";
import { cachedTable } from "../storage/table_cache.ts";
import { type Deps, renderedOnce, sweepOr404, sweepTable } from "./deps.ts";
import { metricLabel, metricsIn } from "../../src/report/metrics.ts";

/** The table of `?sweep=ID` or `?suite=NAME` (one of them is required). */
export function tableFor(deps: Deps, c: Context): { table: CrossSeedTable; title: string } {
  const sweep = c.req.query("sweep");
  const suite = c.req.query("suite");
  if (sweep !== undefined) {
    const s = sweepOr404(deps, sweep);
    return {
      table: sweepTable(deps, s),
      title: s.id,
    };
  }
  if (suite !== undefined) {
    return { table: cachedTable(deps.store, { suite }), title: suite };
  }
  throw new HTTPException(400, { message: "Missing query parameter 'suite' or 'sweep'" });
}

/** The metrics named in `?metrics=a,b` (each must exist in the table), else all of them. */
export function chosenMetrics(table: CrossSeedTable, param: string | undefined): string[] {
  if (param === undefined || param === "") return table.metrics;
  const names = [...new Set(param.split(",").map((m) => m.trim()).filter((m) => m !== ""))];
  const known = new Set(table.metrics);
  for (const m of names) {
    if (!known.has(m)) {
      throw new HTTPException(400, {
        message: `Unknown metric '${m.slice(0, 100)}'; this table has: ${table.metrics.join(", ")}`,
      });
    }
  }
  return names.length === 0 ? table.metrics : names;
}

function num(x: number | null | undefined): string {
  return x === null || x === undefined ? "" : String(x);
}

/**
 * The sortable table as markup. Built by plain string concatenation (every value escaped) because
 * a sweep may have a thousand grid points.
 */
export function tableHtml(table: CrossSeedTable, metrics: string[], base: string): Html {
  const e = escapeHtml;
  let col = 0;
  const th = (label: string, title = "") =>
    `<th data-sort="${col++}" title="${e(title)}">${label}</th>`;
  let out = '<div class="scroll"><table class="sortable" id="cross-seed"><thead><tr>';
  for (const a of table.axes) out += th(e(a));
  out += th("seeds", "number of complete runs the statistics are over");
  out += th("div./fail.", "diverged and failed runs (not in the statistics)");
  out += th(
    "decay",
    "summary.decay.model of each complete seed: the decay verdict with L_inf free",
  );
  for (const m of metrics) {
    const label = e(metricLabel(m));
    out += th(`${label} <span class="pm">mean ± std</span>`, m);
    out += th(`${label} <span class="pm">min</span>`, m);
  }
  out += "</tr></thead><tbody>";
  for (const r of table.rows) {
    out += "<tr>";
    for (const a of table.axes) {
      const v = r.config[a];
      out += `<td data-v="${typeof v === "number" ? v : ""}">${e(String(v ?? "–"))}</td>`;
    }
    out += `<td data-v="${r.seeds.length}"><a href="${e(base)}/points/${r.pointId}" title="seeds ${
      r.seeds.join(", ")
    }">${r.seeds.length}</a></td>`;
    out += `<td data-v="${
      r.counts.diverged + r.counts.failed
    }">${r.counts.diverged}/${r.counts.failed}</td>`;
    out += `<td class="decay">${e(decayCounts(r.decay))}</td>`;
    for (const m of metrics) {
      const s = r.metrics[m];
      const std = s?.std === null || s?.std === undefined
        ? ""
        : ` <span class="pm">± ${fmt(s.std)}</span>`;
      out += `<td data-v="${num(s?.mean)}">${fmt(s?.mean)}${std}</td>`;
      out += `<td data-v="${num(s?.min)}">${fmt(s?.min)}</td>`;
    }
    out += "</tr>";
  }
  return raw(out + "</tbody></table></div>");
}

/** Routes of the cross-seed table page and its exports. */
export function tableRoutes(deps: Deps): Hono {
  const app = new Hono();
  app.get("/api/table", (c) => {
    const { table } = tableFor(deps, c);
    const sweep = c.req.query("sweep") ?? null;
    const suite = c.req.query("suite") ?? null;
    const json = renderedOnce(
      table,
      `json:${JSON.stringify([sweep, suite])}`,
      () => JSON.stringify({ sweep, suite, ...table }),
    );
    return c.body(json, 200, { "content-type": "application/json" });
  });
  app.get("/api/table.csv", (c) => {
    const { table, title } = tableFor(deps, c);
    c.header(
      "content-disposition",
      `attachment; filename="${encodeURIComponent(title)}-table.csv"`,
    );
    const metrics = chosenMetrics(table, c.req.query("metrics"));
    const csv = renderedOnce(table, `csv:${metrics}`, () => tableCsv(table, metrics));
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
    });
  });
  app.get("/api/table.tex", (c) => {
    const { table } = tableFor(deps, c);
    const metrics = chosenMetrics(table, c.req.query("metrics"));
    const tex = renderedOnce(table, `tex:${metrics}`, () => tableLatex(table, metrics));
    return c.body(tex, 200, {
      "content-type": "text/x-tex; charset=utf-8",
    });
  });
  app.get("/sweeps/:sweep/table", (c) => {
    const s = sweepOr404(deps, c.req.param("sweep"));
    const table = sweepTable(deps, s);
    const metrics = chosenMetrics(table, c.req.query("metrics"));
    const base = `/sweeps/${encodeURIComponent(s.id)}`;
    const q = `sweep=${encodeURIComponent(s.id)}` +
      (c.req.query("metrics") ? `&metrics=${encodeURIComponent(metrics.join(","))}` : "");
    const t1 = metricsIn("table1").map((m) => m.key).filter((m) => table.metrics.includes(m))
      .join(",");
    const body =
      html`<p>Sweep <a href="${base}">${s.id}</a> · one row per grid point (config without
 the seed); statistics over complete runs: mean ± sample std (n − 1) and min across seeds. Click a
 header to sort.</p>
<p>Columns: <a href="${base}/table">all metrics</a> · <a href="${base}/table?metrics=${t1}">paper
 Table 1</a> · Export: <a href="/api/table.csv?${q}">CSV</a> · <a href="/api/table.tex?${q}">LaTeX
 (booktabs)</a> · <a href="/api/table?sweep=${encodeURIComponent(s.id)}">JSON</a></p>
${raw(renderedOnce(table, `html:${metrics}`, () => tableHtml(table, metrics, base).value))}`;
    return c.html(layout(`Cross-seed table · ${s.id}`, body, { charts: false }).value);
  });
  return app;
}
