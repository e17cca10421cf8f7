/**
 * Serves the dashboard: opens the store at `db` and answers on `host:port` with the app of app.ts.
 * `deno task serve` (src/cli/serve_command.ts) parses the flags and main.ts hands in the suites
 * whose claims the pages judge. Without a token, writes need none, only a loopback host is
 * accepted, and requests must name this server in their Host header (routes/security.ts).
 */
import { createApp } from "./app.ts";
import { LOOPBACK_NAMES, normalHostName } from "../src/util/host_names.ts";
import type { ClaimSuite } from "../src/claims/evaluate.ts";
import { openStore } from "./storage/store.ts";
import { ParsePool } from "./routes/parse_pool.ts";
import { serveGated } from "./net/gated_server.ts";
import { GATE_TIMEOUTS } from "./net/connection_gate.ts";
import { openNightlyStore } from "./storage/nightly_store.ts";

/** What the server is started with (src/cli/serve_command.ts parses it from the flags). */
export interface ServerOptions {
  port: number;
  host: string;
  db: string;
  token: string | null;
  /** Further host names the server answers to without a token. */
  allowHosts?: string[];
  /** The suites whose claims the pages judge (main.ts: plbench's; none when absent). */
  claimSuites?: readonly ClaimSuite[];
}

/** A running dashboard server. */
export interface RunningServer {
  url: string;
  finished: Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Opens the store (migrating it first, saying so, before anything listens) and starts serving
 * through the connection gate (net/); `shutdown` stops the server and closes the store.
 */
export function startServer(options: ServerOptions, quiet = false): RunningServer {
  const log = quiet ? undefined : { line: (text: string) => console.log(text) };
  log?.line(`opening database ${options.db} (any migration runs before the server listens)`);
  const store = openStore(options.db, { log });
  const nightly = openNightlyStore(options.db);
  const hosts = [...LOOPBACK_NAMES, normalHostName(options.host), ...(options.allowHosts ?? [])];
  const parsePool = new ParsePool(undefined, options.db === ":memory:" ? null : options.db);
  const app = createApp({
    store,
    token: options.token,
    nightly,
    hosts,
    parsePool,
    claimSuites: options.claimSuites ?? [],
  });
  const server = serveGated(app.fetch, {
    hostname: options.host,
    port: options.port,
    log: quiet ? () => {} : (line) => console.error(line),
  });
  const url = server.url;
  if (!quiet) {
    console.log(
      `connections: at most ${server.maxConnections} at once (open-file limit ${
        server.openFiles ?? "unknown"
      }); a request head must arrive within ${GATE_TIMEOUTS.headMs / 1000} s, idle ` +
        `connections close after ${GATE_TIMEOUTS.idleMs / 1000} s`,
    );
    console.log(`plbench dashboard on ${url} (database ${options.db})`);
    if (options.token === null) {
      console.log(
        "No token configured: writes need none, so the server listens on loopback only and " +
          `answers requests addressed to ${[...new Set(hosts)].join(", ")} (add one with ` +
          "--allow-host NAME).",
      );
    }
  }
  let closed = false;
  const finished = server.finished.then(() => {
    if (!closed) {
      parsePool.close();
      store.close();
      nightly.close();
    }
    closed = true;
  });
  return {
    url,
    finished,
    async shutdown() {
      await server.shutdown();
      await finished;
    },
  };
}
