/**
 * Sweeps known only from the heartbeats of their running cells, before any report is stored: their
 * section of the sweeps list, and their page (running cells, reloaded until the first report).
 */
import { fmt, type Html, html, layout } from "./view.ts";
import type { Heartbeat, PendingSweep } from "./live.ts";

function beatRows(beats: Heartbeat[]): Html[] {
  return beats.map((b) =>
    html`
      <tr>
        <td class="k">${b.runId}</td>
        <td>${b.epoch}</td>
        <td>${b.epochs}</td>
        <td>${fmt(b.loss)}</td>
        <td class="k">${b.at.slice(11, 19)}</td>
      </tr>
    `
  );
}

/** The sweeps list's section of sweeps without reports (empty when there are none). */
export function pendingTable(pending: PendingSweep[]): Html {
  if (pending.length === 0) return html``;
  const rows = pending.map((p) =>
    html`
      <tr>
        <td class="k"><a href="/sweeps/${encodeURIComponent(p.sweepId)}">${p.sweepId}</a></td>
        <td class="k">${p.suite ?? "–"}</td>
        <td>${p.cells ?? "–"}</td>
        <td>${p.running.length}</td>
      </tr>
    `
  );
  return html`<h2>Started, no report stored yet</h2>
<table id="pending"><tr><th class="k">sweep</th><th class="k">suite</th><th>cells</th>
<th>running now</th></tr>${rows}</table>`;
}

/** A sweep known only from heartbeats: its running cells, reloaded until its first report. */
export function pendingPage(p: PendingSweep): Html {
  const body = html`
    <p>Suite <code>${p.suite ?? "unknown"}</code> · ${p.cells ?? "?"} cells · no report stored
    yet; this page reloads every ${PENDING_RELOAD_S} s until the first one arrives.</p>
    <h2>Running now</h2>
    <table id="live"><tr><th class="k">run</th><th>epoch</th><th>of</th><th>loss</th>
    <th class="k">last heartbeat</th></tr>${beatRows(p.running)}</table>
  `;
  return layout(`Sweep ${p.sweepId}`, body, { charts: false, reloadSeconds: PENDING_RELOAD_S });
}

/** How often the page of a sweep without reports reloads. */
export const PENDING_RELOAD_S = 5;
