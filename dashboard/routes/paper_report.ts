/**
 * The paper reproduction report: one self-contained HTML file for paper 004's Section 6 (mlp-mnist,
 * width-ablation, cnn-cifar5) with Figure 1's four panels, Table 1 with its reduced-step row,
 * Table 2 and Figure 2's bands, each claim's verdict beside the figure it concerns, and the
 * settings used. chart.js and the drawing script are embedded, so it opens offline; it prints
 * (one figure per block, no page break inside one). `deno task claims --report FILE` writes it and
 * the dashboard serves it at /report.
 */
import type { PaperReportInput } from "../../src/claims/paper_report_input.ts";
import type { ClaimResult } from "../../src/claims/claim.ts";
import type { ChartSpec } from "../compute/charts.ts";
import { envelopeChart } from "../compute/charts.ts";
import { type Envelope, envelope } from "../compute/envelope.ts";
import {
  claimsAt,
  figurePoint,
  PAPER_SUITES,
  type PaperSweep,
  pickSweep,
  settingsRows,
  table1,
  TABLE1_COLUMNS,
  table2,
  TABLE2_COLUMNS,
  type TableRow,
  unplacedClaims,
} from "../compute/paper_data.ts";
import { CLAIM_STYLE, claimBlock, type RunLink, verdictBadge } from "./claims_view.ts";
import { fmt, type Html, html, jsonScript, raw } from "./view.ts";

/** What the report needs besides the reports: the embedded scripts and how runs are linked. */
export interface PaperReportOptions extends PaperReportInput {
  /** The text of chart.js's UMD bundle. */
  chartJs: string;
  /** The text of the drawing script (dashboard/static/app.js). */
  drawJs: string;
  runLink: RunLink;
}

/** The report's HTML and the inline scripts in it (for a Content-Security-Policy by hash). */
export interface PaperReport {
  html: string;
  scripts: string[];
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1180px;padding:16px 24px;color:#1d2330}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #d6dae1}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d6dae1;padding:3px 8px;text-align:right;white-space:nowrap}
th{background:#eef1f5}td.k,th.k{text-align:left}td.wrap{white-space:normal}.note{color:#555;font-size:13px}.muted{color:#6b7280}.pm{color:#6b7280}
code{background:#eef1f5;padding:0 3px}
.figure{margin:10px 0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:10px;margin-bottom:8px}
.chart{position:relative;height:250px;border:1px solid #d6dae1;border-radius:4px;padding:4px;break-inside:avoid}
.chart canvas{width:100%!important;height:100%!important}
.panel-label{font-weight:700}.section{break-inside:avoid}
@media print{body{max-width:none;padding:0}.charts{grid-template-columns:1fr 1fr}h2{break-after:avoid}
.chart{height:220px}a{color:inherit;text-decoration:none}}
`;

/** Keeps an embedded script from closing its element early. */
export function inlineSafe(js: string): string {
  return js.replace(/<\/(script)/gi, "<\\/$1");
}

function chartBox(id: string, spec: ChartSpec): Html {
  return html`<div class="chart"><canvas data-chart="${id}"></canvas>${jsonScript(id, spec)}</div>`;
}

function claimList(claims: ClaimResult[], link: RunLink): Html {
  return html`${claims.map((c) => claimBlock(c, link, true))}`;
}

function missingSuite(suite: string, source: string): Html {
  return html`<p class="note">No <code>${suite}</code> reports among the ${source}: run
    <code>deno task sweep --suite ${suite}</code> and give its folder to <code>deno task claims --report</code>.</p>`;
}

function settings(sweep: PaperSweep): Html {
  return html`<table>${
    settingsRows(sweep).map(([k, v]) =>
      html`
        <tr>
          <th class="k">${k}</th>
          <td class="k">${v}</td>
        </tr>
      `
    )
  }</table>`;
}

function figure1(env: Envelope): [string, ChartSpec][] {
  return [
    ["fig1-a", envelopeChart("(a) subset NTK λ_min (log)", "λ_min", env.lambdaMin, env.window)],
    ["fig1-b", envelopeChart("(b) parameter drift ‖θ_t − θ_0‖", "drift", env.drift, env.window)],
    [
      "fig1-c",
      envelopeChart("(c) PL ratio ‖∇L‖² / (2 (L − L*)) (log)", "PL ratio", env.plRatio, env.window),
    ],
    [
      "fig1-d",
      envelopeChart("(d) suboptimality gap L_t − L* (semilog)", "gap", env.gap, env.window),
    ],
  ];
}

function figure2(env: Envelope): [string, ChartSpec][] {
  return [
    [
      "fig2-a",
      envelopeChart("(a) suboptimality gap across seeds (semilog)", "gap", env.gap, env.window),
    ],
    ["fig2-b", envelopeChart("(b) PL ratio per seed (log)", "PL ratio", env.plRatio, env.window)],
    ["fig2-c", envelopeChart("(c) parameter drift across seeds", "drift", env.drift, env.window)],
  ];
}

function tableRows(rows: TableRow[], link: RunLink, extra?: (i: number) => Html): Html {
  return html`${
    rows.map((r, i) =>
      html`<tr><td class="k">${r.label}</td>${extra?.(i) ?? ""}${
        r.values.map((v, j) =>
          html`<td>${fmt(v)}${
            r.stds[j] === null ? "" : html`
              <span class="pm">± ${fmt(r.stds[j])}</span>
            `
          }</td>`
        )
      }<td class="k">${
        r.runs.map((id, k) =>
          html`${k > 0 ? " " : ""}${
            link === null
              ? html`<code>${id.slice(0, 8)}</code>`
              : html`<a href="${link(id)}">${id.slice(0, 8)}</a>`
          }`
        )
      }</td></tr>`
    )
  }`;
}

function verdictSummary(claims: ClaimResult[]): Html {
  return html`<table><tr><th class="k">verdict</th><th class="k">suite</th><th class="k">claim</th></tr>${
    claims.map((c) =>
      html`
        <tr>
          <td class="k">${verdictBadge(c.verdict)}</td>
          <td class="k">${c.suite}</td>
          <td class="k wrap"><a href="#claim-${c.suite}-${c.id}">${c.statement}</a></td>
        </tr>
      `
    )
  }</table>`;
}

/** Builds the report from the input's reports and judged sweeps. */
export function paperReport(o: PaperReportOptions): PaperReport {
  const [mlp, ablation, cnn] = PAPER_SUITES.map((s) => pickSweep(s, o.sweeps, o.reports)) as [
    PaperSweep | null,
    PaperSweep | null,
    PaperSweep | null,
  ];
  const sweeps = [mlp, ablation, cnn];
  const all = sweeps.flatMap((s) => s?.claims.results ?? []);
  const link = o.runLink;
  const specs: [string, ChartSpec][] = [];
  const charts = (list: [string, ChartSpec][]) => {
    specs.push(...list);
    return html`<div class="charts">${list.map(([id, spec]) => chartBox(id, spec))}</div>`;
  };
  const t1 = ablation ? table1(ablation) : null;
  const t2 = cnn ? table2(cnn) : null;
  const fig1Runs = mlp ? figurePoint(mlp) : [];
  const fig2Runs = cnn ? figurePoint(cnn) : [];
  const body = html`
    <h1>Paper 004, Section 6, reproduced by plbench</h1>
    <p class="note">Generated ${o.generatedAt} from the ${o
      .source}. Each claim is judged by its check
    (<code>src/claims/</code>, the suites' <code>*_claims.ts</code>): <b>holds</b>, <b>fails</b>, or
    <b>inconclusive</b> with what is missing; the numbers compared, the runs they came from and every
    threshold with its reason are listed under it.</p>
    <h2>Verdicts</h2>
    ${all.length === 0
      ? html`<p class="note">No reports of the paper's suites.</p>`
      : verdictSummary(all)}

    <h2>Figure 1: the four diagnostics of the binary-MNIST MLP (Section 6.1)</h2>
    ${mlp === null ? missingSuite("mlp-mnist", o.source) : html`
      <p class="note">${fig1Runs
        .length} seeds of one grid point (width ${fig1Runs[0]?.config.width ?? "–"}):
      thin lines per seed; line and band: geometric mean and 10th–90th percentile across seeds (log
      panels), mean ± 1 std (drift); shaded: the median stable window. The gap and PL ratio use the
      terminal-loss proxy L* as the paper does.</p>
      <div class="figure">${charts(figure1(envelope(fig1Runs)))}<div>${claimList(
        claimsAt("figure1", sweeps),
        link,
      )}</div></div>
      <h3>Settings (mlp-mnist)</h3>${settings(mlp)}
    `}

    <h2>Table 1: width ablation (Section 6.2)</h2>
    ${ablation === null || t1 === null ? missingSuite("width-ablation", o.source) : html`
      <div class="section"><table><tr><th class="k">cell</th>${TABLE1_COLUMNS.map((c) =>
        html`<th>${c.head}</th>`
      )}<th class="k">runs</th></tr>
      ${tableRows(t1.shared, link)}
      <tr><th class="k" colspan="${TABLE1_COLUMNS.length + 2}">reduced step size</th></tr>
      ${t1.reduced.length === 0
        ? html`
          <tr>
            <td class="k muted" colspan="${TABLE1_COLUMNS.length +
              2}">no reduced-step cell in the sweep</td>
          </tr>
        `
        : tableRows(t1.reduced, link)}
      </table>
      <p class="note">NTK drift: (λ_T − λ₀) / λ₀ in percent, subset kernel. PL min on the stable window
      with the terminal-loss proxy. η / η_max against the full-data edge of stability.</p>
      ${claimList(claimsAt("table1", sweeps), link)}</div>
      <h3>Settings (width-ablation)</h3>${settings(ablation)}
    `}

    <h2>Table 2: the CNN robustness check (Section 6.3)</h2>
    ${cnn === null || t2 === null ? missingSuite("cnn-cifar5", o.source) : html`
      <div
        class="section"><table><tr><th class="k">seed</th><th class="k">stable window W</th>${TABLE2_COLUMNS
          .map((c) => html`<th>${c.head}</th>`)}<th class="k">runs</th></tr>
      ${tableRows(t2.seeds, link, (i) => html`<td class="k">${t2.seeds[i]!.window}</td>`)}
      ${tableRows([t2.mean], link, () => html`<td class="k"></td>`)}
      </table>
      ${claimList(claimsAt("table2", sweeps), link)}</div>
    `}

    <h2>Figure 2: the CNN across seeds (Section 6.3)</h2>
    ${cnn === null ? missingSuite("cnn-cifar5", o.source) : html`
      <p class="note">${fig2Runs.length} seeds; bands as in Figure 1.</p>
      <div class="figure">${charts(figure2(envelope(fig2Runs)))}<div>${claimList(
        claimsAt("figure2", sweeps),
        link,
      )}</div></div>
      <h3>Settings (cnn-cifar5)</h3>${settings(cnn)}
    `}
    ${unplacedClaims(sweeps).length === 0
      ? ""
      : html`<h2>Other claims</h2>${claimList(unplacedClaims(sweeps), link)}`}
  `;
  const scripts = [inlineSafe(o.chartJs), inlineSafe(o.drawJs)];
  const page = html`
    <!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width,initial-scale=1">
        <link rel="icon" href="data:,">
        <title>plbench · paper 004 reproduction</title>
        <style>${raw(STYLE + CLAIM_STYLE)}</style>
      </head>
      <body>${body}${specs.length === 0
        ? ""
        : html`${scripts.map((s) => html`<script>${raw(s)}</script>`)}`}</body>
    </html>
  `;
  return { html: page.value, scripts: specs.length === 0 ? [] : scripts };
}

/** The report's HTML only. */
export function paperReportHtml(o: PaperReportOptions): string {
  return paperReport(o).html;
}

/** The embedded scripts: chart.js from its npm package and the dashboard's drawing script. */
export async function reportScripts(): Promise<{ chartJs: string; drawJs: string }> {
  const { chartJsUrl } = await import("./asset_routes.ts");
  return {
    chartJs: await Deno.readTextFile(chartJsUrl()),
    drawJs: await Deno.readTextFile(new URL("../static/app.js", import.meta.url)),
  };
}
