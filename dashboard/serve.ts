/**
 * Serves the dashboard: `serve [--port 8080] [--host 127.0.0.1] [--db plbench.db] [--token T]
 * [--allow-host NAME]...`. The token comes from `--token` or `PLBENCH_TOKEN`; without one, writes
 * need no token, only a loopback host is accepted, and requests must name this server in their
 * Host header (a loopback name, the served host or an `--allow-host` name; see
 * routes/security.ts).
 */
import { parseFlags } from "../src/cli/strict_flags.ts";
import { createApp } from "./app.ts";
import { hostName, LOOPBACK_NAMES, normalHostName } from "./routes/security.ts";
import { openStore } from "./storage/store.ts";
import { ParsePool } from "./routes/parse_pool.ts";
import { serveGated } from "./net/gated_server.ts";
import { GATE_TIMEOUTS } from "./net/connection_gate.ts";
import { openNightlyStore } from "./storage/nightly_store.ts";
import { UsageError } from "../src/sweep/usage_error.ts";
import {
  checkCronExpression,
  type NightlySchedule,
  startNightlySchedule,
} from "../src/nightly/schedule.ts";

/** Parsed command line of `serve`. */
export interface ServeOptions {
  port: number;
  host: string;
  db: string;
  token: string | null;
  /** Further host names the server answers to without a token (`--allow-host`, repeatable). */
  allowHosts?: string[];
  /** Cron expression of scheduled nightly regressions (`--nightly`), or null. */
  nightly?: string | null;
}

export const USAGE =
  "usage: serve [--port 8080] [--host 127.0.0.1] [--db plbench.db] [--token TOKEN]" +
  ' [--allow-host NAME]... [--nightly "0 3 * * *"]\n' +
  "  the token may also come from PLBENCH_TOKEN; without one only loopback hosts are allowed,\n" +
  "  and requests must be addressed to a loopback name, the served host or an --allow-host NAME";

/** Whether `host` only accepts local connections. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Parses and checks `serve`'s arguments; `env` supplies PLBENCH_TOKEN. Throws UsageError. */
export function parseServeArgs(
  args: string[],
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): ServeOptions {
  let values;
  try {
    const { strings, lists } = parseFlags(args, {
      string: ["port", "host", "db", "token", "nightly"],
      collect: ["allow-host"],
    });
    values = {
      port: strings.port ?? "8080",
      host: strings.host ?? "127.0.0.1",
      db: strings.db ?? "plbench.db",
      token: strings.token,
      nightly: strings.nightly,
      allowHost: lists["allow-host"] ?? [],
    };
  } catch (e) {
    throw new UsageError(`Cannot parse serve arguments: ${(e as Error).message}`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got '${values.port}'`);
  }
  if (values.db === "") throw new UsageError("--db must name a file, got an empty string");
  const token = values.token ?? env("PLBENCH_TOKEN") ?? null;
  if (token === "") {
    throw new UsageError("The token must not be empty (from --token or PLBENCH_TOKEN)");
  }
  if (token === null && !isLoopback(values.host)) {
    throw new UsageError(
      `Refusing to serve on host '${values.host}' without a token: writes would be open to the ` +
        "network. Set PLBENCH_TOKEN or --token, or use a loopback host such as 127.0.0.1",
    );
  }
  const allowHosts = values.allowHost.map((name) => {
    if (hostName(normalHostName(name)) !== normalHostName(name)) {
      throw new UsageError(
        `--allow-host must be a host name without a port, such as dash.lab.example, got '${name}'`,
      );
    }
    return normalHostName(name);
  });
  let nightly: string | null = null;
  try {
    nightly = values.nightly === undefined ? null : checkCronExpression(values.nightly);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return {
    port,
    host: values.host,
    db: values.db,
    token,
    ...(allowHosts.length === 0 ? {} : { allowHosts }),
    ...(nightly === null ? {} : { nightly }),
  };
}

/** A running dashboard server. */
export interface RunningServer {
  url: string;
  finished: Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Opens the store (migrating it first, saying so, before anything listens) and starts serving;
 * `shutdown` stops the server and closes the store.
 */
export function startServer(options: ServeOptions, quiet = false): RunningServer {
  const log = quiet ? undefined : { line: (text: string) => console.log(text) };
  log?.line(`opening database ${options.db} (any migration runs before the server listens)`);
  const store = openStore(options.db, { log });
  const nightly = openNightlyStore(options.db);
  const hosts = [...LOOPBACK_NAMES, normalHostName(options.host), ...(options.allowHosts ?? [])];
  const parsePool = new ParsePool(undefined, options.db === ":memory:" ? null : options.db);
  const app = createApp({ store, token: options.token, nightly, hosts, parsePool });
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

/** Entry point of `serve`: returns the exit code (2 for misuse). */
export async function main(args: string[]): Promise<number> {
  let options: ServeOptions;
  try {
    options = parseServeArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n${USAGE}`);
    return 2;
  }
  // Signals are heard from before the server starts, so that a stop during start-up still
  // shuts it down (and removes its socket folder).
  let server: RunningServer | null = null;
  let stopped = false;
  let nightly: NightlySchedule | null = null;
  const stop = () => {
    stopped = true;
    nightly?.stop();
    void server?.shutdown();
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  try {
    server = startServer(options);
  } catch (e) {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
    console.error(`Cannot start the dashboard: ${(e as Error).message}`);
    return 1;
  }
  if (stopped) void server.shutdown();
  else if (options.nightly !== null && options.nightly !== undefined) {
    nightly = startNightlySchedule(options.nightly, server.url, options.token);
  }
  await server.finished;
  Deno.removeSignalListener("SIGINT", stop);
  Deno.removeSignalListener("SIGTERM", stop);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
