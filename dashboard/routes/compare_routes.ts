/**
 * Compare: overlay chosen grid points of a sweep (each as its across-seed center and band):
 * `GET /sweeps/:sweep/compare?point=A&point=B` and `GET /api/compare?sweep=&point=A&point=B`.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  aggregationNote,
  bandDatasets,
  type ChartSpec,
  lineChart,
  PALETTE,
} from "../compute/charts.ts";
import { type Envelope, envelope, hasNtk, type Panel } from "../compute/envelope.ts";
import { type PointConfig, pointConfig, varyingKeys } from "../../src/sweep/grid_point.ts";
import { chartCards, html, layout } from "./view.ts";
import { type Deps, pointReportsOr404, sweepOr404 } from "./deps.ts";

interface Compared {
  pointId: string;
  config: PointConfig;
  label: string;
  envelope: Envelope;
}

/** The most distinct grid points one comparison draws. */
export const MAX_COMPARE_POINTS = 8;

/** The distinct `point` parameters, in order; 400 past MAX_COMPARE_POINTS. */
export function chosenPoints(c: Context): string[] {
  const ids = [...new Set(c.req.queries("point") ?? [])];
  if (ids.length > MAX_COMPARE_POINTS) {
    throw new HTTPException(400, {
      message:
        `Compare takes at most ${MAX_COMPARE_POINTS} distinct grid points, got ${ids.length}`,
    });
  }
  return ids;
}

const NO_POINT = "Choose at least one grid point: add '?point=ID' (one per point) to the address";

function compared(deps: Deps, sweepId: string, ids: string[]): Compared[] {
  sweepOr404(deps, sweepId);
  if (ids.length === 0) throw new HTTPException(400, { message: NO_POINT });
  const items = ids.map((id) => {
    const reports = pointReportsOr404(deps, sweepId, id);
    return { pointId: id, config: pointConfig(reports[0]!.config), envelope: envelope(reports) };
  });
  const keys = varyingKeys(items.map((i) => i.config));
  return items.map((i) => ({
    ...i,
    label: keys.length === 0 ? i.pointId : keys.map((k) => `${k}=${i.config[k]}`).join(", "),
  }));
}

function overlay(
  title: string,
  yLabel: string,
  items: Compared[],
  pick: (e: Envelope) => Panel,
): ChartSpec {
  const scale = pick(items[0]!.envelope).scale;
  return lineChart({
    title,
    subtitle: aggregationNote(scale, Math.max(...items.map((i) => pick(i.envelope).perSeed.length)))
      .replace(/^\d+ seeds/, "per grid point"),
    yType: scale === "log" ? "logarithmic" : "linear",
    yLabel,
    datasets: items.flatMap((item, k) =>
      bandDatasets(pick(item.envelope).band, item.label, PALETTE[k % PALETTE.length]!)
    ),
  });
}

/** Routes of the compare page and its JSON. */
export function compareRoutes(deps: Deps): Hono {
  const app = new Hono();
  app.get("/api/compare", (c) => {
    const sweep = c.req.query("sweep");
    if (sweep === undefined) {
      throw new HTTPException(400, { message: "Missing query parameter 'sweep'" });
    }
    return c.json({ items: compared(deps, sweep, chosenPoints(c)) });
  });
  app.get("/sweeps/:sweep/compare", (c) => {
    const sweepId = sweepOr404(deps, c.req.param("sweep")).id;
    const ids = chosenPoints(c);
    if (ids.length === 0) {
      const back = html`<p>No grid point chosen: tick grid points on the <a href="/sweeps/${
        encodeURIComponent(sweepId)
      }">sweep's page</a> and compare them from there.</p>`;
      return c.html(layout(`Compare · ${sweepId}`, back, { charts: false }).value);
    }
    const items = compared(deps, sweepId, ids);
    const charts: [string, ChartSpec][] = [
      ["cmp-gap", overlay("Suboptimality gap (semilog)", "gap", items, (e) => e.gap)],
      ["cmp-pl", overlay("PL ratio (log)", "PL ratio", items, (e) => e.plRatio)],
      ["cmp-drift", overlay("Parameter drift", "drift", items, (e) => e.drift)],
    ];
    if (items.some((i) => hasNtk(i.envelope))) {
      charts.push(["cmp-lmin", overlay("NTK λ_min (log)", "λ_min", items, (e) => e.lambdaMin)]);
    }
    const body = html`<p>Sweep <a href="/sweeps/${encodeURIComponent(sweepId)}">${sweepId}</a> ·
 ${items.length} grid points: ${
      items.map((i, k) =>
        html`${k > 0 ? " · " : ""}<a href="/sweeps/${
          encodeURIComponent(sweepId)
        }/points/${i.pointId}">${i.label}</a>`
      )
    }</p>
<p class="note">Each grid point: center across its seeds with the band (log-scale panels: geometric
 mean, 10th–90th percentile, in log space; drift: mean ± 1 std).</p>
${chartCards(charts)}`;
    return c.html(layout(`Compare · ${sweepId}`, body).value);
  });
  return app;
}
