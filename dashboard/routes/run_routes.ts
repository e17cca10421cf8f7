/**
 * A run: `GET /runs/:id` (its verdicts, the four panels of the paper's Figure 1, config, env,
 * summary), `GET /api/runs`, `GET /api/runs/:id` and `GET /api/runs/:id/series.csv`.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Decay, NtkSeries, Report } from "../../src/report/schema.ts";
import { describeDecay } from "../../src/report/decay_text.ts";
import {
  type ChartSpec,
  curveDataset,
  type Dataset,
  lineChart,
  PALETTE,
} from "../compute/charts.ts";
import { gapCurve, plRatioCurve } from "../compute/envelope.ts";
import { seriesCsv } from "../compute/export.ts";
import { pointId } from "../compute/grid_point.ts";
import { chartCards, fmt, type Html, html, kvTable, layout } from "./view.ts";
import type { Deps } from "./deps.ts";

const STATUSES = ["complete", "diverged", "failed"];

function parseLimit(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new HTTPException(400, {
      message: `Query parameter '${name}' must be a non-negative integer, got '${value}'`,
    });
  }
  return n;
}

/** A dashed line. */
function dashed(d: Dataset): Dataset {
  return { ...d, borderDash: [6, 4] };
}

/** The float32 noise floor of a kernel's eigenvalues, where the run recorded it. */
function floorDataset(ntk: NtkSeries | undefined, label: string, color: string): Dataset[] {
  if (ntk?.noiseFloor === undefined) return [];
  return [dashed(curveDataset({ x: ntk.epoch, y: ntk.noiseFloor }, label, color, 1))];
}

/** The summary's decay verdict when it is one (old or failed runs may have none). */
function decayOf(r: Report, key: "decay" | "decayWindow"): Decay | null {
  const d = r.summary[key];
  return d !== null && d !== undefined && typeof d === "object" && !Array.isArray(d) ? d : null;
}

/** The loss of the decay's best fit over its window (the fitted curve). */
export function fittedLoss(d: Decay): { x: number[]; y: number[] } {
  const x: number[] = [];
  for (let t = d.window[0]; t <= d.window[1]; t++) x.push(t);
  const g = d.fits.geometric.params;
  const p = d.fits.power.params;
  const l = d.fits.linear.params;
  const at = (u: number) =>
    d.best === "geometric"
      ? g.lInf + g.c * g.rho ** u
      : d.best === "power"
      ? p.lInf + p.c * (1 + u / p.t0) ** -p.p
      : l.a - l.b * u;
  return { x, y: x.map((t) => at(t - d.window[0])) };
}

/** The four panels of Figure 1 for one run. */
export function runCharts(r: Report): [string, ChartSpec][] {
  const w = r.summary.window;
  const window = Array.isArray(w) ? w : null;
  const ntk = r.series.ntk;
  const full = r.series.fullNtk;
  const eig = [];
  if (ntk !== undefined) {
    eig.push(curveDataset({ x: ntk.epoch, y: ntk.lambdaMin }, "λ_min (subset)", PALETTE[0]!, 2));
    eig.push(curveDataset({ x: ntk.epoch, y: ntk.lambdaMax }, "λ_max (subset)", PALETTE[1]!, 2));
    eig.push(...floorDataset(ntk, "float32 noise floor (subset)", PALETTE[0]!));
  }
  if (full !== undefined) {
    eig.push(curveDataset({ x: full.epoch, y: full.lambdaMin }, "λ_min (full)", PALETTE[2]!));
    eig.push(curveDataset({ x: full.epoch, y: full.lambdaMax }, "λ_max (full)", PALETTE[3]!));
    eig.push(...floorDataset(full, "float32 noise floor (full)", PALETTE[2]!));
  }
  const s = r.series;
  const decay = decayOf(r, "decay");
  const fitted = decay !== null && decay.lInf !== null;
  const panels: [string, ChartSpec][] = [];
  if (eig.length > 0) {
    panels.push([
      "chart-ntk",
      lineChart({
        title: "(a) NTK eigenvalues",
        subtitle: ntk === undefined ? "full-data kernel" : `k = ${ntk.k} probe inputs`,
        yType: "logarithmic",
        yLabel: "eigenvalue",
        window,
        datasets: eig,
      }),
    ]);
  }
  return [
    ...panels,
    [
      "chart-drift",
      lineChart({
        title: "(b) Parameter drift ‖θ_t − θ_0‖",
        yType: "linear",
        yLabel: "drift",
        window,
        datasets: [curveDataset({ x: s.epoch, y: s.drift }, "drift", PALETTE[2]!, 2)],
      }),
    ],
    [
      "chart-pl",
      lineChart({
        title: "(c) PL ratio ‖∇L‖² / (2 (L_t − L*))",
        subtitle: window ? `shaded: stable window ${window[0]}–${window[1]}` : undefined,
        yType: "logarithmic",
        yLabel: "PL ratio",
        window,
        datasets: [
          curveDataset(plRatioCurve(r), "L* = final loss (proxy)", PALETTE[3]!, 2),
          ...(fitted
            ? [curveDataset(plRatioCurve(r, "fit"), "L* = fitted L_inf", PALETTE[5]!, 1.5)]
            : []),
          curveDataset(plRatioCurve(r, "zero"), "L* = 0", PALETTE[7]!, 1.5),
        ],
      }),
    ],
    [
      "chart-gap",
      lineChart({
        title: "(d) Loss and suboptimality gap (semilog)",
        subtitle: `proxy L* = ${fmt(r.summary.lStar ?? s.loss.at(-1))}` +
          (fitted ? ` · fitted L_inf = ${fmt(decay.lInf)}` : "") +
          (decay === null ? "" : ` · decay: ${decay.model}`),
        yType: "logarithmic",
        yLabel: "loss",
        window,
        datasets: [
          curveDataset(gapCurve(r), "gap against the final loss (proxy)", PALETTE[0]!, 2),
          ...(fitted
            ? [curveDataset(gapCurve(r, "fit"), "gap against fitted L_inf", PALETTE[5]!, 1.5)]
            : []),
          curveDataset({ x: s.epoch, y: s.loss }, "loss L_t (gap against 0)", PALETTE[4]!, 1.5),
          ...(decay === null
            ? []
            : [dashed(curveDataset(fittedLoss(decay), `${decay.best} fit`, PALETTE[6]!, 1.5))]),
        ],
      }),
    ],
  ];
}

/** A verdict row: what is checked, the value, and what it says. */
type VerdictRow = [string, string, string];

function yesNo(v: unknown, yes: string, no: string): string | null {
  return v === true ? yes : v === false ? no : null;
}

/** The run's verdicts: the decay selection, the PL minima against three L*, the theory checks. */
export function verdictRows(r: Report): VerdictRow[] {
  const s = r.summary;
  const num = (k: string) => (typeof s[k] === "number" ? s[k] as number : null);
  const decay = decayOf(r, "decay");
  const window = decayOf(r, "decayWindow");
  const rows: VerdictRow[] = [];
  rows.push(["decay, post-transient run", decay?.model ?? "–", describeDecay(decay)]);
  if (window !== null) rows.push(["decay, stable window", window.model, describeDecay(window)]);
  const span = decay === null ? "" : ` (epochs ${decay.window[0]}–${decay.window[1]})`;
  const stable = Array.isArray(s.window) ? ` (epochs ${s.window[0]}–${s.window[1]})` : "";
  rows.push(["PL min, L* = 0", fmt(num("plMinZero")), `what Theorem 5.4 bounds${span}`]);
  rows.push([
    "PL min, L* = fitted L_inf",
    fmt(num("plMinFit")),
    `L_inf = ${fmt(decay?.lInf)}${span}`,
  ]);
  rows.push(["PL min, L* = final loss", fmt(num("plMin")), `the paper's proxy${stable}`]);
  rows.push([
    "proxy shift",
    fmt(num("plProxyShift")),
    "PL min against the proxy / against the fitted L_inf",
  ]);
  for (const [prefix, label] of [["", "subset"], ["full", "full"]] as const) {
    const floor = num(prefix === "" ? "lambdaMinFloor" : "fullLambdaMinFloor");
    if (floor === null) continue;
    const ratio = num(prefix === "" ? "lambdaMinRatio" : "fullLambdaMinRatio");
    const resolved = yesNo(
      s[prefix === "" ? "lambdaMinResolved" : "fullLambdaMinResolved"],
      "resolved above the float32 noise floor at every probe",
      "NOT resolved: at or under the float32 noise floor at some probe",
    );
    rows.push([
      `λ_min floor, ${label} kernel (Lemma 5.3)`,
      fmt(floor),
      `${fmt(ratio)} × λ_min(K_0)${resolved === null ? "" : `; ${resolved}`}`,
    ]);
  }
  const violation = num("ntkViolation");
  if (violation !== null) {
    rows.push([
      "‖∇L‖²/(2L) ≥ λ_min(K)/(n α²)",
      violation === 0 ? "holds" : `violated by ${fmt(100 * violation)}%`,
      s.ntkSuspect === true
        ? "beyond float32 tolerance: the NTK numbers are suspect"
        : "an identity of the squared loss, checked at every full-kernel probe",
    ]);
  }
  const weyl = yesNo(
    s.weylVacuous,
    "vacuous: max ‖K_t − K_0‖₂ > λ_min(K_0), Weyl gives no positive bound",
    "max ‖K_t − K_0‖₂ < λ_min(K_0)",
  );
  if (weyl !== null) rows.push(["Weyl bound", fmt(num("plBound")), `PL bound; ${weyl}`]);
  const eta = num("etaOverEtaMax");
  if (eta !== null) {
    rows.push([
      "η / η_max",
      fmt(eta),
      `edge 2 (1 + β) n α² / λ_max(K_0), ${String(s.etaMaxSource ?? "")} kernel`,
    ]);
  }
  return rows;
}

function verdictTable(r: Report): Html {
  return html`
    <table
      class="verdicts"><tr><th class="k">check</th><th class="k">value</th><th class="k">reads</th></tr>${verdictRows(
        r,
      ).map(([what, value, reads]) =>
        html`
          <tr>
            <th class="k">${what}</th>
            <td class="k">${value}</td>
            <td class="k">${reads}</td>
          </tr>
        `
      )}</table>
  `;
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
  const get = (id: string): Report => {
    const r = deps.store.getReport(id);
    if (r === null) throw new HTTPException(404, { message: `No run with id '${id}'` });
    return r;
  };
  app.get("/api/runs", (c) => {
    const status = c.req.query("status");
    if (status !== undefined && !STATUSES.includes(status)) {
      throw new HTTPException(400, {
        message: `Query parameter 'status' must be one of ${STATUSES.join(", ")}, got '${status}'`,
      });
    }
    const limit = parseLimit(c.req.query("limit"), "limit", 1000);
    const offset = parseLimit(c.req.query("offset"), "offset", 0);
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
  app.get("/api/runs/:id", (c) => c.json(get(c.req.param("id"))));
  app.get("/api/runs/:id/series.csv", (c) => {
    const r = get(c.req.param("id"));
    c.header("content-disposition", `attachment; filename="${r.id}-series.csv"`);
    return c.body(seriesCsv(r), 200, { "content-type": "text/csv; charset=utf-8" });
  });
  app.get("/runs/:id", (c) => c.html(runPage(get(c.req.param("id"))).value));
  return app;
}
