/**
 * plbench's command line and its one composition root: `sweep` (the default), `serve`, `upload`,
 * `claims`, `nightly`, `baseline`, and `worker` (one cell, started by the sweep's pool). This file
 * builds the concrete parts once (the suite registry, the local store, the paper report's renderer,
 * the dashboard's server, the program a subprocess runs) and hands them to the commands of
 * src/cli/, which take what they are given. Bad input exits with code 2 and one line on stderr,
 * before any training starts.
 */
import { SUITES } from "./suites/mod.ts";
import type { Suite } from "./src/suite/suite.ts";
import { openStore } from "./dashboard/storage/store.ts";
import { type CommandDeps, sweepCommand } from "./src/cli/sweep_command.ts";
import { uploadCommand } from "./src/cli/upload_command.ts";
import { claimsCommand } from "./src/cli/claims_command.ts";
import { nightlyCommand } from "./src/cli/nightly_command.ts";
import { serveCommand, type ServeDeps } from "./src/cli/serve_command.ts";
import type { PaperReportInput } from "./src/claims/paper_report_input.ts";
import { workerMain } from "./src/sweep/worker.ts";
import { UsageError } from "./src/util/usage_error.ts";
import type { ProgramEntry } from "./src/util/program_entry.ts";
import { preferNativeWebgpu } from "./src/backend/webgpu_backends.ts";

const COMMANDS = ["sweep", "serve", "upload", "claims", "nightly", "baseline"] as const;

/** This program as a subprocess starts it: main.ts with the project's deno.json. */
export const PROGRAM: ProgramEntry = {
  module: new URL(import.meta.url).pathname,
  config: new URL("./deno.json", import.meta.url).pathname,
};

/**
 * Everything the commands are given, built once here and replaced by tests: the suite registry,
 * the program worker processes and scheduled nights run, the environment, the local database a
 * single-machine sweep also writes into, and where the commands print.
 */
export type RootDeps = CommandDeps;

/** The real parts: plbench's suites, this program, the environment and the dashboard's store. */
export function defaultDeps(): RootDeps {
  return { suites: SUITES, program: PROGRAM, env: Deno.env.toObject(), openLocalStore: openStore };
}

/** The paper report as a file: chart.js and the drawing script embedded, runs named by id. */
async function paperReportFile(input: PaperReportInput): Promise<string> {
  const { paperReportHtml, reportScripts } = await import("./dashboard/routes/paper_report.ts");
  return paperReportHtml({ ...input, ...await reportScripts(), runLink: null });
}

/**
 * The dashboard's server with the suites whose claims its pages judge (loaded on first use, so a
 * worker process does not load the web app).
 */
async function dashboardServer(suites: readonly Suite[]): Promise<ServeDeps["startServer"]> {
  const { startServer } = await import("./dashboard/serve.ts");
  return (options) => startServer({ ...options, claimSuites: suites });
}

/** Runs `command` with the flags `rest` and the parts of `deps`; returns the exit code. */
async function run(command: string, rest: string[], deps: RootDeps): Promise<number> {
  switch (command) {
    case "sweep":
      return await sweepCommand(rest, deps);
    case "upload":
      return await uploadCommand(rest, deps.env);
    case "claims":
      return await claimsCommand(rest, { ...deps, paperReport: paperReportFile });
    case "serve":
      return await serveCommand(rest, {
        env: deps.env,
        program: deps.program,
        startServer: await dashboardServer(deps.suites),
      });
    case "nightly":
    case "baseline":
      return await nightlyCommand([command, ...rest], deps);
    case "worker":
      return await workerMain([command, ...rest], deps.suites);
    default:
      throw new UsageError(`Unknown command '${command}': expected one of ${COMMANDS.join(", ")}`);
  }
}

/** Runs plbench with `args`; returns the exit code. */
export async function main(args: string[], deps: RootDeps = defaultDeps()): Promise<number> {
  const first = args[0];
  const command = first !== undefined && !first.startsWith("-") ? first : "sweep";
  const rest = command === first ? args.slice(1) : args;
  try {
    return await run(command, rest, deps);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(e.message);
      return 2;
    }
    console.error(`error: ${(e as Error).message ?? String(e)}`);
    return 1;
  }
}

if (import.meta.main) {
  preferNativeWebgpu();
  Deno.exit(await main(Deno.args));
}
