/**
 * The dashboard as a Hono app: ingest, JSON API and server-rendered pages. It never listens;
 * `serve.ts` does. One routes module per page under `routes/`; add a page with one `app.route`.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { escapeHtml } from "./routes/view.ts";
import { HeartbeatHub } from "./routes/live.ts";
import { assetRoutes } from "./routes/asset_routes.ts";
import { claimsRoutes } from "./routes/claims_routes.ts";
import type { ClaimSuite } from "../src/claims/evaluate.ts";
import { compareRoutes } from "./routes/compare_routes.ts";
import type { Deps } from "./routes/deps.ts";
import { envelopeRoutes } from "./routes/envelope_routes.ts";
import { heatmapRoutes } from "./routes/heatmap_routes.ts";
import { ingestRoutes } from "./routes/ingest_routes.ts";
import type { ParsePool } from "./routes/parse_pool.ts";
import { BODY_BUDGET_BYTES, BodyBudget, MAX_WRITE_BYTES } from "./routes/request_body.ts";
import { liveRoutes } from "./routes/live_routes.ts";
import { nightlyRoutes } from "./routes/nightly_routes.ts";
import type { NightlyStore } from "./storage/nightly_store.ts";
import { runRoutes } from "./routes/run_routes.ts";
import { queryGuard } from "./routes/query_rules.ts";
import { sameOriginGuard, securityHeaders } from "./routes/security.ts";
import { LOOPBACK_NAMES } from "../src/util/host_names.ts";
import { sweepRoutes } from "./routes/sweep_routes.ts";
import { tableRoutes } from "./routes/table_routes.ts";
import type { Store } from "./storage/store.ts";
import { storageFailure, StorageHealth } from "./storage/storage_errors.ts";

/** Options of `createApp`. */
export interface AppOptions {
  store: Store;
  /**
   * Bearer token for writes; null or undefined: writes need none (serve binds to loopback), and
   * then only same-origin JSON writes and requests whose Host is one of `hosts` are answered.
   */
  token?: string | null;
  /** Host names this server answers to without a token (default: the loopback names). */
  hosts?: readonly string[];
  /** Largest accepted request body of a write in bytes (default MAX_WRITE_BYTES: 16 MiB + 64 KiB). */
  maxBodyBytes?: number;
  /**
   * Worker threads that parse big posted bodies (owned by the caller, who closes it); without one
   * every body is parsed on the event loop.
   */
  parsePool?: ParsePool;
  /** Bytes of request bodies held in memory at once (default BODY_BUDGET_BYTES). */
  bodyBudgetBytes?: number;
  /** Live-progress hub (a fresh one by default). */
  hub?: HeartbeatHub;
  /** Storage of nightly verdicts (an in-memory one when not given). */
  nightly?: NightlyStore;
  /** Storage conditions and their log lines (a fresh one, logging to stderr, by default). */
  health?: StorageHealth;
  /** The suites whose claims the pages judge (main.ts hands in plbench's; default none). */
  claimSuites?: readonly ClaimSuite[];
}

/**
 * Builds the dashboard app.
 *
 * @example
 * const app = createApp({ store: openStore(":memory:"), token: "secret" });
 * const res = await app.request("/api/runs");
 */
export function createApp(options: AppOptions): Hono {
  const deps: Deps = {
    store: options.store,
    hub: options.hub ?? new HeartbeatHub(),
    token: options.token ?? null,
    maxBodyBytes: options.maxBodyBytes ?? MAX_WRITE_BYTES,
    intake: {
      pool: options.parsePool ?? null,
      budget: new BodyBudget(options.bodyBudgetBytes ?? BODY_BUDGET_BYTES),
    },
    claimSuites: options.claimSuites ?? [],
    health: options.health ?? new StorageHealth(),
  };
  const app = new Hono();
  app.use(securityHeaders());
  app.use(sameOriginGuard(deps.token, options.hosts ?? LOOPBACK_NAMES));
  app.use(queryGuard());
  app.onError((err, c) => {
    const storage = storageFailure(err);
    if (storage !== null) {
      deps.health.refused(storage);
      if (storage.status === 503) c.header("retry-after", "10");
    }
    const status = storage?.status ?? (err instanceof HTTPException ? err.status : 500);
    const message = storage?.reason ??
      (err instanceof HTTPException ? err.message : `Internal error: ${err.message}`);
    if (status === 500) console.error(err);
    if (c.req.path.startsWith("/api/")) return c.json({ error: message }, status);
    return c.html(
      `<!doctype html><title>${status}</title><h1>${status}</h1><p>${escapeHtml(message)}</p>` +
        `<p><a href="/">Back to the sweeps</a></p>`,
      status,
    );
  });
  app.notFound((c) => {
    const message = `No such page: ${c.req.method} ${c.req.path}`;
    if (c.req.path.startsWith("/api/")) return c.json({ error: message }, 404);
    return c.html(
      `<!doctype html><title>404</title><h1>404</h1><p>${escapeHtml(message)}</p>`,
      404,
    );
  });
  app.route("/", assetRoutes());
  app.route("/", ingestRoutes(deps));
  app.route("/", sweepRoutes(deps));
  app.route("/", liveRoutes(deps));
  app.route("/", tableRoutes(deps));
  app.route("/", envelopeRoutes(deps));
  app.route("/", runRoutes(deps));
  app.route("/", compareRoutes(deps));
  app.route("/", heatmapRoutes(deps));
  app.route("/", nightlyRoutes(deps, options.nightly));
  app.route("/", claimsRoutes(deps));
  return app;
}
