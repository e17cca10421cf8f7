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

/** Opens the store and starts serving; `shutdown` stops the server and closes the store. */
export function startServer(options: ServerOptions, quiet = false): RunningServer {
  const store = openStore(options.db);
  const nightly = openNightlyStore(options.db);
  const hosts = [...LOOPBACK_NAMES, normalHostName(options.host), ...(options.allowHosts ?? [])];
  const app = createApp({
    store,
    token: options.token,
    nightly,
    hosts,
    claimSuites: options.claimSuites ?? [],
  });
  const server = Deno.serve({
    port: options.port,
    hostname: options.host,
    onListen: () => {},
  }, app.fetch);
  const addr = server.addr;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  const url = `http://${host}:${addr.port}`;
  if (!quiet) {
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
