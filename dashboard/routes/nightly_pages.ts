/**
 * Server-rendered HTML of the Nightly pages: the list of nights, one night's verdicts with links to
 * the runs behind each regression, and the history of one metric across nights with its baseline
 * band (a chart.js chart drawn from JSON embedded in the page).
 */
import type { Verdict } from "../../src/nightly/compare.ts";
import type { NightReport } from "../../src/nightly/night_report.ts";
import { pointLabel } from "../../src/nightly/verdict_table.ts";
import { categoryName } from "../../src/nightly/metrics.ts";
import { fmt, type Html, html, jsonScript, layout } from "./view.ts";
import type { HistoryPoint, NightRow, TrackedSeries } from "../storage/nightly_store.ts";
import { type NightsWindow, pager } from "./nightly_pager.ts";

/** Link to the history chart of one metric at one grid point. */
export function historyHref(point: string, metric: string): string {
  return `/nightly/history?point=${encodeURIComponent(point)}&metric=${encodeURIComponent(metric)}`;
}

function verdictCell(kind: string): Html {
  return html`<td class="k v-${kind}">${kind}</td>`;
}

function badge(regressed: boolean): Html {
  return regressed
    ? html`<span class="badge bad">regressed</span>`
    : html`<span class="badge good">pass</span>`;
}

/**
 * `GET /nightly`: a page of nights, newest first (`window` says which: NIGHTS_PER_PAGE a page,
 * with links to the newer and older ones), the history charts of the latest night's regressions
 * (`cards`) and every tracked series.
 */
export function nightsPage(
  nights: NightRow[],
  series: TrackedSeries[],
  cards: HistoryCard[] = [],
  window: NightsWindow = { offset: 0, total: nights.length, perPage: nights.length },
): Html {
  const rows = nights.map((n) =>
    html`
      <tr>
        <td class="k"><a href="/nightly/${encodeURIComponent(n.id)}">${n.startedAt}</a></td>
        <td class="k">${badge(n.regressed)}</td>
        <td class="k">${n.set}</td>
        <td>${n.shard.index}/${n.shard.count}</td>
        <td class="k">${n.hostname}</td>
        <td>${fmt(n.seconds)}</td>
        <td>${n.counts.pass}</td>
        <td>${n.counts.regressed}</td>
        <td>${n.counts.improved}</td>
        <td>${n.counts.new}</td>
      </tr>
    `
  );
  const tracked = series.filter((s) => s.metric !== "(point)").map((s) =>
    html`<tr><td class="k">${s.suite}</td><td class="k">${pointLabel(s.point)}</td>
<td class="k"><a href="${historyHref(s.point, s.metric)}">${s.metric}</a></td>
<td>${s.nights}</td>${verdictCell(s.lastVerdict)}</tr>`
  );
  const body = html`
    <p
      class="note">Each night runs the nightly set and compares every summary metric of every grid point
    to the recorded baseline. Tolerances come from the baseline's across-seed spread with a floor.</p>
    ${pager(window, nights.length)}
    <table><tr><th class="k">night</th><th class="k">verdict</th><th class="k">set</th><th>shard</th>
    <th class="k">host</th><th>seconds</th><th>pass</th><th>regressed</th><th>improved</th><th>new</th>
    </tr>${rows}</table>
    ${cards.length === 0 ? "" : html`
      <h2>Regressions of the latest night across nights</h2>
      <div class="grid">${cards.map(chartCard)}</div>
    `}
    <h2>Metrics across nights</h2>
    <table><tr><th class="k">suite</th><th class="k">grid point</th><th class="k">metric</th>
    <th>nights</th><th class="k">last verdict</th></tr>${tracked}</table>
  `;
  return layout("Nightly", body, { charts: cards.length > 0 });
}

/** A seed's run: a link where this dashboard stores the run, its id in a tooltip elsewhere. */
function runLinks(v: Verdict, stored: (runId: string) => boolean): Html[] {
  return Object.entries(v.runs).map(([seed, id]) =>
    stored(id)
      ? html`
        <a href="/runs/${encodeURIComponent(id)}">seed ${seed}</a>
      `
      : html`
        <span class="muted" title="run ${id}, not stored in this dashboard">seed ${seed}</span>
      `
  );
}

function verdictRow(v: Verdict, stored: (runId: string) => boolean): Html {
  return html`<tr>${verdictCell(v.verdict)}<td class="k">${v.suite}</td>
<td class="k">${pointLabel(v.point)}</td>
<td class="k"><a href="${historyHref(v.point, v.metric)}">${v.metric}</a></td>
<td>${categoryName(v.metric, v.observed) ?? fmt(v.observed)}</td>
<td>${categoryName(v.metric, v.baseline) ?? fmt(v.baseline)}</td>
<td>${v.tolerance === null ? "–" : html`± ${fmt(v.tolerance)}`}</td>
<td class="k">${v.direction}</td><td class="k">${runLinks(v, stored)}</td>
<td class="k note">${v.note ?? ""}</td></tr>`;
}

/**
 * `GET /nightly/:id`: the verdicts of one night, regressions first, with links to those of their
 * runs that are `stored`.
 */
export function nightPage(night: NightReport, stored: (runId: string) => boolean): Html {
  const order = { regressed: 0, improved: 1, new: 2, pass: 3 } as const;
  const sorted = night.verdicts.slice().sort((a, b) => order[a.verdict] - order[b.verdict]);
  const head = html`
    <tr>
      <th class="k">verdict</th>
      <th class="k">suite</th>
      <th class="k">grid point</th>
      <th class="k">metric</th>
      <th>observed</th>
      <th>baseline</th>
      <th>tolerance</th>
      <th class="k">regressed when</th>
      <th class="k">runs</th>
      <th class="k">note</th>
    </tr>
  `;
  const c = night.counts;
  const body = html`
    <p>${badge(night.regressed)} ${night.startedAt} on ${night.hostname} (${night.backend}), shard
    ${night.shard.index}/${night.shard.count}, ${fmt(night.seconds)} s; ${c.pass} pass,
    ${c.regressed} regressed, ${c.improved} improved, ${c.new} new.</p>
    <p class="note">Baseline ${night.baseline.path} recorded ${night.baseline
      .createdAt}; calibration
    ${night.calibration.name}: ${fmt(night.calibration.seconds)} s tonight,
    ${fmt(night.baseline.calibration.seconds)} s in the baseline.</p>
    ${night.notes.map((n) => html`<p class="note">${n}</p>`)}
    <table>${head}${sorted.map((v) => verdictRow(v, stored))}</table>
    <p><a href="/nightly">All nights</a> · <a href="/api/nightly/${encodeURIComponent(
      night.id,
    )}">JSON</a></p>
  `;
  return layout(`Night ${night.startedAt}`, body, { charts: false });
}

/** The chart.js configuration of a metric's history: observed values and the baseline band. */
export function historyChart(metric: string, points: HistoryPoint[]): Record<string, unknown> {
  const labels = points.map((p) => p.startedAt.slice(0, 16).replace("T", " "));
  const band = (sign: number) =>
    points.map((p) => p.baseline === null ? null : p.baseline + sign * (p.tolerance ?? 0));
  const colors = points.map((p) =>
    p.verdict === "regressed" ? "#dc2626" : p.verdict === "improved" ? "#2563eb" : "#16a34a"
  );
  const bandStyle = { borderColor: "rgba(100,116,139,0.4)", borderWidth: 1, pointRadius: 0 };
  return {
    type: "line",
    data: {
      labels,
      datasets: [
        { label: "baseline + tolerance", data: band(1), ...bandStyle, fill: false },
        {
          label: "baseline - tolerance",
          data: band(-1),
          ...bandStyle,
          fill: "-1",
          backgroundColor: "rgba(100,116,139,0.18)",
        },
        {
          label: "baseline",
          data: points.map((p) => p.baseline),
          borderColor: "#64748b",
          borderDash: [6, 4],
          borderWidth: 1,
          pointRadius: 0,
        },
        {
          label: metric,
          data: points.map((p) => p.observed),
          borderColor: "#1d2330",
          borderWidth: 2,
          pointRadius: 4,
          pointBackgroundColor: colors,
        },
      ],
    },
    options: {
      animation: false,
      spanGaps: true,
      scales: { y: { title: { display: true, text: metric } } },
    },
  };
}

/** One metric of one grid point across nights, to draw as a chart card. */
export interface HistoryCard {
  point: string;
  metric: string;
  points: HistoryPoint[];
}

function chartCard(card: HistoryCard, i: number): Html {
  const id = `nightly-chart-${i}`;
  return html`
    <div
      class="card"><h3><a href="${historyHref(card.point, card.metric)}">${pointLabel(
        card.point,
      )}: ${card.metric}</a></h3><canvas id="${id}" data-nightly-chart="${id}-spec"></canvas>
    ${jsonScript(`${id}-spec`, historyChart(card.metric, card.points))}</div>
  `;
}

/** `GET /nightly/history`: one metric of one grid point across nights. */
export function historyPage(point: string, metric: string, points: HistoryPoint[]): Html {
  const rows = points.slice().reverse().map((p) =>
    html`<tr><td class="k"><a href="/nightly/${
      encodeURIComponent(p.nightId)
    }">${p.startedAt}</a></td>
${verdictCell(p.verdict)}<td>${categoryName(metric, p.observed) ?? fmt(p.observed)}</td>
<td>${categoryName(metric, p.baseline) ?? fmt(p.baseline)}</td>
<td>${p.tolerance === null ? "–" : html`± ${fmt(p.tolerance)}`}</td></tr>`
  );
  const body = html`
    <p class="note">${pointLabel(point)}: ${metric} each night (points coloured by verdict: red
    regressed, blue improved, green pass) and the baseline with its tolerance band (grey).</p>
    ${chartCard({ point, metric, points }, 0)}
    <table><tr><th class="k">night</th><th class="k">verdict</th><th>observed</th><th>baseline</th>
    <th>tolerance</th></tr>${rows}</table><p><a href="/nightly">All nights</a></p>
  `;
  return layout(`Nightly: ${metric}`, body);
}
