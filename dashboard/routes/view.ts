/**
 * The view pieces every page shares: a tagged template that escapes every interpolated value unless
 * it is already markup, number formatting, the page layout, chart cards and key/value tables.
 */
import type { ChartSpec } from "../compute/charts.ts";
import { formatNumber } from "../../src/util/number_format.ts";

/** Markup that is already safe (built by `html` or `raw`). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Marks a string as trusted markup. Use only on constants, never on user data. */
export function raw(markup: string): Html {
  return new Html(markup);
}

type Interpolation = Html | string | number | boolean | null | undefined | Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined) return "";
  return escapeHtml(String(value));
}

/**
 * Tagged template: `html\`<td>${name}</td>\`` escapes `name`; arrays are joined; `Html` passes.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new Html(out);
}

/** JSON for a `<script type="application/json">` block: `<`, `>` and `&` escaped so it cannot close it. */
export function jsonScript(id: string, data: unknown): Html {
  const json = JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return html`<script type="application/json" id="${id}">${raw(json)}</script>`;
}

/** A number for display (src/util/number_format.ts, under the name the pages use). */
export const fmt: (x: number | null | undefined) => string = formatNumber;

/**
 * The full page: navigation, title, body, the style sheet, chart.js (unless `charts: false`) and
 * the page script (no inline script or style: the CSP of routes/security.ts forbids them);
 * `reloadSeconds` makes the browser reload it that often.
 */
export function layout(
  title: string,
  body: Html,
  options: { charts?: boolean; reloadSeconds?: number } = {},
): Html {
  const scripts = options.charts === false ? html`<script src="/static/app.js"></script>` : html`
    <script src="/static/chart.umd.min.js"></script>
    <script src="/static/app.js"></script>
  `;
  return html`
    <!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width,initial-scale=1">
        <link rel="icon" href="data:,">
        <title>${title} · plbench</title>${options.reloadSeconds === undefined
          ? html``
          : html`<meta http-equiv="refresh" content="${options.reloadSeconds}">`}
        <link rel="stylesheet" href="/static/app.css">
      </head>
      <body>
    <header><b>plbench</b><a href="/">Sweeps</a><a href="/nightly">Nightly</a><a href="/api/runs">API: runs</a></header>
    <main><h1>${title}</h1>${body}</main>${scripts}</body>
    </html>
  `;
}

/** Renders charts: one canvas per spec, with its configuration in a JSON block. */
export function chartCards(specs: [string, ChartSpec][]): Html {
  return html`<div class="grid">${
    specs.map(([id, spec]) =>
      html`<div class="card"><canvas data-chart="${id}"></canvas>${jsonScript(id, spec)}</div>`
    )
  }</div>`;
}

/** A two-column key/value table. */
export function kvTable(entries: [string, unknown][]): Html {
  return html`<table>${
    entries.map(([k, v]) =>
      html`
        <tr>
          <th class="k">${k}</th>
          <td class="k">${typeof v === "number"
            ? fmt(v)
            : v === null
            ? "–"
            : typeof v === "string"
            ? v
            : JSON.stringify(v)}</td>
        </tr>
      `
    )
  }</table>`;
}
