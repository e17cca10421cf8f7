/**
 * Envelopes of a grid point: `GET /sweeps/:sweep/points/:point` (gap, PL ratio, drift and NTK
 * eigenvalues across seeds, per-seed values) and `GET /api/envelope?sweep=&point=`; both take
 * `lstar=final|fit|zero`, the L* of the gap and PL ratio (default final, the paper's proxy).
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Report } from "../../src/report/schema.ts";
import { decayColumns } from "../../src/report/decay_text.ts";
import { stats } from "../../src/util/stats.ts";
import { type ChartSpec, envelopeChart } from "../compute/charts.ts";
import {
  type Envelope,
  envelope,
  hasNtk,
  LSTAR_REFERENCES,
  type LStarReference,
} from "../compute/envelope.ts";
import { pointConfig } from "../../src/sweep/grid_point.ts";
import { chartCards, fmt, type Html, html, layout } from "./view.ts";
import { METRIC_ORDER } from "../compute/cross_seed_table.ts";
import { metricLabel, metricValue } from "../../src/report/metrics.ts";
import { type Deps, pointReportsOr404, requireQuery, sweepOr404 } from "./deps.ts";

/** `?lstar=` of a request: final (default), fit or zero; 400 for anything else. */
export function lStarQuery(c: Context): LStarReference {
  const value = c.req.query("lstar") ?? "final";
  const known = LSTAR_REFERENCES.map(([k]) => k);
  if (!(known as string[]).includes(value)) {
    throw new HTTPException(400, {
      message: `Query parameter 'lstar' must be one of ${known.join(", ")}, got '${value}'`,
    });
  }
  return value as LStarReference;
}

/** How the charts name L* for a reference. */
function starLabel(reference: LStarReference): string {
  return reference === "zero"
    ? "L* = 0"
    : reference === "fit"
    ? "L* = fitted L_inf"
    : "L* = final loss";
}

/** The five envelope charts of a grid point. */
export function envelopeCharts(env: Envelope): [string, ChartSpec][] {
  const star = starLabel(env.reference);
  return [
    [
      "env-gap",
      envelopeChart(`Suboptimality gap L_t − L* (semilog), ${star}`, "gap", env.gap, env.window),
    ],
    [
      "env-pl",
      envelopeChart(`PL ratio ‖∇L‖² / (2 gap) (log), ${star}`, "PL ratio", env.plRatio, env.window),
    ],
    ["env-drift", envelopeChart("Parameter drift ‖θ_t − θ_0‖", "drift", env.drift, env.window)],
    ...(hasNtk(env)
      ? [
        ["env-lmin", envelopeChart("NTK λ_min (log)", "λ_min", env.lambdaMin, env.window)],
        ["env-lmax", envelopeChart("NTK λ_max (log)", "λ_max", env.lambdaMax, env.window)],
      ] as [string, ChartSpec][]
      : []),
  ];
}

/** A metric of a run as a number (src/report/metrics.ts). */
const value = (r: Report, m: string): number | null => metricValue(r, m);

function perSeedTable(reports: Report[]): Html {
  const complete = reports.filter((r) => r.status === "complete");
  const metrics = METRIC_ORDER.filter((m) =>
    m !== "params" && complete.some((r) => value(r, m) !== null)
  );
  const mean = metrics.map((m) => stats(complete.map((r) => value(r, m) ?? NaN)));
  return html`<table><tr><th class="k">seed</th><th class="k">status</th><th class="k" title="summary.decay.model">decay</th>${
    metrics.map((m) => html`<th title="${m}">${metricLabel(m)}</th>`)
  }</tr>${
    reports.map((r) =>
      html`<tr><td class="k"><a href="/runs/${r.id}">${r.config.seed}</a></td><td class="k">${r.status}</td><td class="k">${
        decayColumns(r.summary).model ?? "–"
      }</td>${metrics.map((m) => html`<td>${fmt(value(r, m))}</td>`)}</tr>`
    )
  }<tr><th class="k">mean ± std</th><th class="k">${complete.length} complete</th><th></th>${
    mean.map((s) => html`<th>${fmt(s.mean)} <span class="pm">± ${fmt(s.std)}</span></th>`)
  }</tr></table>`;
}

/** Links that switch the gap and PL panels between the references of L*. */
function referenceLinks(base: string, current: LStarReference): Html {
  return html`<p>L* of the gap and PL ratio panels: ${
    LSTAR_REFERENCES.map(([key, label], i) =>
      html`${i > 0 ? " · " : ""}${
        key === current ? html`<b>${label}</b>` : html`<a href="${base}?lstar=${key}">${label}</a>`
      }`
    )
  }</p>`;
}

/** Routes of the envelope page and its JSON. */
export function envelopeRoutes(deps: Deps): Hono {
  const app = new Hono();
  app.get("/api/envelope", (c) => {
    const reports = pointReportsOr404(deps, requireQuery(c, "sweep"), requireQuery(c, "point"));
    return c.json({ config: pointConfig(reports[0]!.config), ...envelope(reports, lStarQuery(c)) });
  });
  app.get("/sweeps/:sweep/points/:point", (c) => {
    const sweepId = c.req.param("sweep");
    const reference = lStarQuery(c);
    const reports = pointReportsOr404(deps, sweepId, c.req.param("point"));
    const env = envelope(reports, reference);
    const config = pointConfig(reports[0]!.config);
    const label = Object.entries(config).filter(([k]) => k !== "suite")
      .map(([k, v]) => `${k}=${v}`).join(", ");
    const axes = Object.keys(sweepOr404(deps, sweepId).grid).filter((k) => k !== "seed");
    const title = axes.length === 0 ? label : axes.map((k) => `${k}=${config[k]}`).join(", ");
    const body = html`<p>Sweep <a href="/sweeps/${encodeURIComponent(sweepId)}">${sweepId}</a> ·
 grid point <code>${label}</code> · ${env.seeds.length} complete seeds${
      env.excluded.length === 0 ? "" : html`
        (${env.excluded.length} not complete, not in the bands)
      `
    } · <a href="/api/envelope?sweep=${encodeURIComponent(sweepId)}&point=${
      c.req.param("point")
    }">JSON</a></p>
<p class="note">Log-scale quantities (gap, PL ratio, NTK eigenvalues) are aggregated in log space:
 geometric mean with the 10th–90th percentile band across seeds. Drift: mean ± 1 sample std. The
 shaded region is the stable window (median of the seeds' windows${
      env.window ? html`: epochs ${env.window[0]}–${env.window[1]}` : ": none reported"
    }).</p>
${
      referenceLinks(
        `/sweeps/${encodeURIComponent(sweepId)}/points/${c.req.param("point")}`,
        reference,
      )
    }
${
      env.withoutReference.length === 0 ? "" : html`
        <p
          class="note">No fitted L_inf for seed(s) ${env.withoutReference.join(
            ", ",
          )} (a linear best fit has no limit, or the run has no decay verdict): no gap or PL curve.</p>
      `
    }
${hasNtk(env) ? "" : html`<p class="note">No NTK probes in these runs: no eigenvalue panels.</p>`}
${chartCards(envelopeCharts(env))}
<h2>Per seed</h2>${perSeedTable(reports)}`;
    return c.html(layout(`Envelopes · ${title}`, body).value);
  });
  return app;
}
