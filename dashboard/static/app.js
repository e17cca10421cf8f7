// plbench dashboard page script: draws the charts whose configuration the server embedded as JSON,
// sorts tables by a clicked header, and follows a sweep's live progress over server-sent events.
// Pages carry no inline script (the CSP forbids it): everything they run is here.
(function () {
  "use strict";

  // Shades the stable window [from, to] (x values) behind the datasets.
  const stableWindow = {
    id: "stableWindow",
    beforeDatasetsDraw(chart, _args, opts) {
      if (!opts || typeof opts.from !== "number") return;
      const { ctx, chartArea, scales } = chart;
      const x0 = Math.max(scales.x.getPixelForValue(opts.from), chartArea.left);
      const x1 = Math.min(scales.x.getPixelForValue(opts.to), chartArea.right);
      if (!(x1 > x0)) return;
      ctx.save();
      ctx.fillStyle = "rgba(250, 204, 21, 0.16)";
      ctx.fillRect(x0, chartArea.top, x1 - x0, chartArea.bottom - chartArea.top);
      ctx.restore();
    },
  };

  function drawCharts() {
    if (typeof globalThis.Chart === "undefined") return;
    globalThis.Chart.register(stableWindow);
    for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
      const spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
      // Band edges need no legend entries.
      spec.options.plugins.legend.labels.filter = (item) => !/\(band (low|high)\)$/.test(item.text);
      new globalThis.Chart(canvas, spec);
    }
  }

  function sortBy(th) {
    const table = th.closest("table");
    const index = Number(th.dataset.sort);
    const ascending = th.dataset.dir !== "asc";
    for (const other of table.querySelectorAll("th[data-sort]")) delete other.dataset.dir;
    th.dataset.dir = ascending ? "asc" : "desc";
    const body = table.tBodies[0];
    const key = (row) => {
      const cell = row.cells[index];
      const v = cell ? cell.dataset.v : undefined;
      return v === undefined || v === "" ? null : Number(v);
    };
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null && kb === null) {
        const ta = a.cells[index].textContent;
        const tb = b.cells[index].textContent;
        return ascending ? ta.localeCompare(tb) : tb.localeCompare(ta);
      }
      if (ka === null) return 1; // missing values last
      if (kb === null) return -1;
      return ascending ? ka - kb : kb - ka;
    });
    for (const row of rows) body.appendChild(row);
  }

  function enableSorting() {
    for (const th of document.querySelectorAll("table.sortable th[data-sort]")) {
      th.addEventListener("click", () => sortBy(th));
    }
  }

  function cell(text, left) {
    const td = document.createElement("td");
    td.textContent = text;
    if (left) td.className = "k";
    return td;
  }

  function followLive() {
    const section = document.querySelector("[data-live]");
    if (!section || typeof EventSource === "undefined") return;
    const events = new EventSource(section.dataset.live);
    events.addEventListener("progress", (e) => {
      const { counts, cells } = JSON.parse(e.data);
      if (!counts) return;
      const missing = Math.max(0, cells - counts.complete - counts.diverged - counts.failed);
      const values = { ...counts, cells, missing };
      for (const [name, value] of Object.entries(values)) {
        const el = section.querySelector(`[data-count="${name}"]`);
        if (el) el.textContent = String(value);
      }
      // The bar's three rectangles are stacked: each starts where the previous one ends.
      let x = 0;
      for (const name of ["complete", "diverged", "failed"]) {
        const bar = section.querySelector(`[data-bar="${name}"]`);
        if (!bar || !(cells > 0)) continue;
        const width = (100 * Math.min(values[name], cells)) / cells;
        bar.setAttribute("x", `${x.toFixed(2)}%`);
        bar.setAttribute("width", `${width.toFixed(2)}%`);
        x = Math.min(100, x + width);
      }
      section.dataset.updated = String(Date.now());
    });
    // The running cells: the whole list ("heartbeats"), then what changed ("beats": set, gone).
    const running = new Map();
    const showRunning = () => {
      const body = document.querySelector("#live tbody");
      if (!body) return;
      body.replaceChildren();
      if (running.size === 0) {
        const td = cell("none", true);
        td.colSpan = 5;
        td.classList.add("muted");
        body.appendChild(document.createElement("tr")).appendChild(td);
      }
      const beats = [...running.values()].sort((a, b) => a.runId.localeCompare(b.runId));
      for (const b of beats) {
        const tr = document.createElement("tr");
        const link = document.createElement("a");
        link.href = `/runs/${encodeURIComponent(b.runId)}`;
        link.textContent = b.runId.slice(0, 12);
        const first = cell("", true);
        first.appendChild(link);
        tr.append(
          first,
          cell(String(b.epoch)),
          cell(String(b.epochs)),
          cell(b.loss === null ? "–" : Number(b.loss).toPrecision(4)),
          cell(b.at, true),
        );
        body.appendChild(tr);
      }
    };
    events.addEventListener("heartbeats", (e) => {
      running.clear();
      for (const b of JSON.parse(e.data)) running.set(b.runId, b);
      showRunning();
    });
    events.addEventListener("beats", (e) => {
      const { set, gone } = JSON.parse(e.data);
      for (const id of gone) running.delete(id);
      for (const b of set) running.set(b.runId, b);
      showRunning();
    });
  }

  // The Nightly pages' history charts (their configurations are complete chart.js specs).
  function drawNightlyCharts() {
    const canvases = document.querySelectorAll("canvas[data-nightly-chart]");
    if (canvases.length === 0 || typeof globalThis.Chart === "undefined") return;
    globalThis.nightlyCharts = Array.from(canvases).map((c) =>
      new globalThis.Chart(
        c,
        JSON.parse(document.getElementById(c.dataset.nightlyChart).textContent),
      )
    );
  }

  drawCharts();
  drawNightlyCharts();
  enableSorting();
  followLive();
})();
