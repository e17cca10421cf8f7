/**
 * The Nightly pages and API: `POST /api/nightly` (a night's verdict report; bearer token when one is
 * configured; upsert by night id), `GET /api/nightly`, `GET /api/nightly/:id`,
 * `GET /api/nightly/history?point=&metric=`, and the pages `/nightly`, `/nightly/:id`,
 * `/nightly/history`.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  type NightReport,
  NightReportError,
  validateNightReport,
} from "../../src/nightly/night_report.ts";
import { historyPage, nightPage, nightsPage } from "./nightly_pages.ts";
import { type NightlyStore, NIGHTS_PER_PAGE, openNightlyStore } from "../storage/nightly_store.ts";
import { MAX_RUNS_OFFSET, parseCount } from "./run_routes.ts";
import { type Deps, requireQuery } from "./deps.ts";
import { readWrite, requireToken } from "./ingest_routes.ts";

/** The most nights one `GET /api/nightly` answers (`limit`). */
export const MAX_NIGHTS_LIMIT = 1000;

/** At most this many history charts of the latest night's regressions on the Nightly page. */
const MAX_CARDS = 8;

/**
 * Routes of the Nightly page, storing nights in `nightly` (a throwaway in-memory store when not
 * given; `serve` passes one opened on the dashboard's database file).
 *
 * @example app.route("/", nightlyRoutes(deps, openNightlyStore("plbench.db")));
 */
export function nightlyRoutes(deps: Deps, nightly?: NightlyStore): Hono {
  const store = nightly ?? openNightlyStore(":memory:");
  const app = new Hono();
  app.post("/api/nightly", requireToken(deps.token), async (c) => {
    const { parsed: { night }, release } = await readWrite(c, deps, "night");
    try {
      store.upsertNight(night);
    } finally {
      release();
    }
    deps.health.wrote();
    return c.json({ stored: night.id, regressed: night.regressed });
  });
  app.get("/api/nightly", (c) => {
    const limit = parseCount(c.req.query("limit"), "limit", NIGHTS_PER_PAGE, MAX_NIGHTS_LIMIT);
    const offset = parseCount(c.req.query("offset"), "offset", 0, MAX_RUNS_OFFSET - 1);
    return c.json(store.listNights(limit, offset));
  });
  app.get("/api/nightly/history", (c) => {
    const point = requireQuery(c, "point");
    const metric = requireQuery(c, "metric");
    return c.json(store.history(point, metric));
  });
  app.get("/api/nightly/:id", (c) => c.json(nightOr404(store, c.req.param("id"))));
  app.get("/nightly", (c) => {
    const offset = parseCount(c.req.query("offset"), "offset", 0, MAX_RUNS_OFFSET - 1);
    const nights = store.listNights(NIGHTS_PER_PAGE, offset);
    if (nights.length === 0 && offset > 0) {
      throw new HTTPException(404, {
        message: `No nights from offset ${offset}: ${store.countNights()} are stored`,
      });
    }
    const newest = offset === 0 ? nights[0] : store.listNights(1, 0)[0];
    const latest = newest === undefined ? null : readableNight(store, newest.id);
    const cards = (latest?.verdicts ?? []).filter((v) => v.verdict === "regressed")
      .slice(0, MAX_CARDS)
      .map((v) => ({ point: v.point, metric: v.metric, points: store.history(v.point, v.metric) }));
    const window = { offset, total: store.countNights(), perPage: NIGHTS_PER_PAGE };
    return c.html(nightsPage(nights, store.listSeries(), cards, window).value);
  });
  app.get("/nightly/history", (c) => {
    const point = requireQuery(c, "point");
    const metric = requireQuery(c, "metric");
    const points = store.history(point, metric);
    if (points.length === 0) {
      throw new HTTPException(404, { message: `No nightly history of '${metric}' at ${point}` });
    }
    return c.html(historyPage(point, metric, points).value);
  });
  app.get("/nightly/:id", (c) => {
    const id = c.req.param("id");
    nightOr404(store, id);
    const night = readableNight(store, id);
    if (night === null) {
      throw new HTTPException(409, {
        message: `The stored night '${id}' does not match the night report format; post a ` +
          "corrected night to replace it",
      });
    }
    return c.html(nightPage(night, (id) => deps.store.hasRun(id)).value);
  });
  return app;
}

/**
 * A stored night as pages may use it (checked against the format again: a database written before
 * ingest checked every field may hold anything), or null when it does not pass.
 */
function readableNight(store: NightlyStore, id: string): NightReport | null {
  try {
    return validateNightReport(store.getNight(id));
  } catch (e) {
    if (e instanceof NightReportError) return null;
    throw e;
  }
}

function nightOr404(store: NightlyStore, id: string) {
  const night = store.getNight(id);
  if (night === null) throw new HTTPException(404, { message: `No night with id '${id}'` });
  return night;
}
