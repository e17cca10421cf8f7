/**
 * `deno task serve [--port 8080] [--host 127.0.0.1] [--db plbench.db] [--token T]
 * [--allow-host NAME]... [--nightly "0 3 * * *"]`: checks the flags, starts the dashboard (which
 * main.ts hands in with the suites whose claims it judges) and, with `--nightly`, the schedule of
 * nightly runs. The token comes from `--token` or `PLBENCH_TOKEN`; without one, writes need no
 * token, only a loopback host is accepted, and requests must name this server in their Host header
 * (a loopback name, the served host or an `--allow-host` name; see dashboard/routes/security.ts).
 */
import { parseFlags } from "../util/strict_flags.ts";
import { UsageError } from "../util/usage_error.ts";
import { hostName, isLoopback, normalHostName } from "../util/host_names.ts";
import type { ProgramEntry } from "../util/program_entry.ts";
import {
  checkCronExpression,
  type NightlySchedule,
  startNightlySchedule,
} from "../nightly/schedule.ts";

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

/** A started dashboard (dashboard/serve.ts). */
export interface ServerHandle {
  url: string;
  finished: Promise<void>;
  shutdown(): Promise<void>;
}

/** What `serve` depends on besides its flags (main.ts builds it). */
export interface ServeDeps {
  env: Record<string, string | undefined>;
  /** Opens the store and starts the dashboard; throws when it cannot. */
  startServer(options: ServeOptions): ServerHandle;
  /** The program a scheduled night runs as a subprocess (main.ts). */
  program: ProgramEntry;
}

/** The usage of `serve`, printed after a refusal. */
export const SERVE_USAGE =
  "usage: serve [--port 8080] [--host 127.0.0.1] [--db plbench.db] [--token TOKEN]" +
  ' [--allow-host NAME]... [--nightly "0 3 * * *"]\n' +
  "  the token may also come from PLBENCH_TOKEN; without one only loopback hosts are allowed,\n" +
  "  and requests must be addressed to a loopback name, the served host or an --allow-host NAME";

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

/** Runs `serve` until SIGINT or SIGTERM; returns the exit code (2 for misuse). */
export async function serveCommand(args: string[], deps: ServeDeps): Promise<number> {
  let options: ServeOptions;
  try {
    options = parseServeArgs(args, (name) => deps.env[name]);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n${SERVE_USAGE}`);
    return 2;
  }
  // Signals are heard from before the server starts, so that a stop during start-up (a long
  // migration) still shuts it down and removes its socket folder.
  let server: ServerHandle | null = null;
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
    server = deps.startServer(options);
  } catch (e) {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
    console.error(`Cannot start the dashboard: ${(e as Error).message}`);
    return 1;
  }
  if (stopped) void server.shutdown();
  else if (options.nightly !== null && options.nightly !== undefined) {
    nightly = startNightlySchedule(options.nightly, deps.program, server.url, options.token);
  }
  await server.finished;
  Deno.removeSignalListener("SIGINT", stop);
  Deno.removeSignalListener("SIGTERM", stop);
  return 0;
}
