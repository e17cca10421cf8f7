/**
 * plbench's command line: `sweep` (the default), `serve`, `upload`, `claims`, `nightly`, `baseline`.
 * Bad input exits with code 2 and one line on stderr, before any training starts.
 */
import { SUITES } from "./suites/mod.ts";
import { openStore } from "./dashboard/storage/store.ts";
import { type CommandDeps, sweepCommand } from "./src/cli/sweep_command.ts";
import { uploadCommand } from "./src/cli/upload_command.ts";
import { claimsCommand, type PaperReportInput } from "./src/cli/claims_command.ts";
import { UsageError } from "./src/sweep/usage_error.ts";
import { preferNativeWebgpu } from "./src/backend/webgpu_backends.ts";

const COMMANDS = ["sweep", "serve", "upload", "claims", "nightly", "baseline"] as const;

/** Default dependencies of the sweep command: the real registry, deno.json and environment. */
export function defaultDeps(): CommandDeps {
  return {
    suites: SUITES,
    suitesModule: new URL("./suites/mod.ts", import.meta.url).href,
    configPath: new URL("./deno.json", import.meta.url).pathname,
    env: Deno.env.toObject(),
    openLocalStore: openStore,
  };
}

/** The paper report as a file: chart.js and the drawing script embedded, runs named by id. */
async function paperReportFile(input: PaperReportInput): Promise<string> {
  const { paperReportHtml, reportScripts } = await import("./dashboard/routes/paper_report.ts");
  return paperReportHtml({ ...input, ...await reportScripts(), runLink: null });
}

/** Runs plbench with `args`; returns the exit code. */
export async function main(args: string[], deps: CommandDeps = defaultDeps()): Promise<number> {
  const first = args[0];
  const command = first !== undefined && !first.startsWith("-") ? first : "sweep";
  const rest = command === first ? args.slice(1) : args;
  try {
    switch (command) {
      case "sweep":
        return await sweepCommand(rest, deps);
      case "upload":
        return await uploadCommand(rest, deps.env);
      case "claims":
        return await claimsCommand(rest, {
          suites: deps.suites,
          env: deps.env,
          out: deps.out,
          paperReport: paperReportFile,
        });
      case "serve":
        return await (await import("./dashboard/serve.ts")).main(rest);
      case "nightly":
      case "baseline":
        return await (await import("./src/nightly/cli.ts")).main([command, ...rest]);
      default:
        throw new UsageError(
          `Unknown command '${command}': expected one of ${COMMANDS.join(", ")}`,
        );
    }
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
