/**
 * `deno task nightly` and `deno task baseline` (dispatched here by main.ts with the command word
 * first). Exit codes: 0 all pass, 1 something regressed (or a run or upload failed), 2 bad input
 * or a missing, corrupt or incompatible baseline.
 */
import { SUITES } from "../../suites/mod.ts";
import { UsageError } from "../sweep/usage_error.ts";
import { NIGHTLY_USAGE, parseBaselineArgs, parseNightlyArgs } from "./args.ts";
import { BaselineError } from "./baseline.ts";
import { recordBaseline } from "./record_baseline.ts";
import { type NightlyDeps, runNight } from "./run_night.ts";

/** The real dependencies: the suite registry, deno.json and the environment. */
export function defaultNightlyDeps(): NightlyDeps {
  return {
    suites: SUITES,
    suitesModule: new URL("../../suites/mod.ts", import.meta.url).href,
    configPath: new URL("../../deno.json", import.meta.url).pathname,
    env: Deno.env.toObject(),
  };
}

/**
 * Runs `nightly ...` or `baseline ...`; returns the exit code.
 *
 * @example await main(["nightly", "--shard", "0/2", "--upload", "http://127.0.0.1:8080"])
 */
export async function main(
  args: string[],
  deps: NightlyDeps = defaultNightlyDeps(),
): Promise<number> {
  const [command, ...rest] = args;
  const say = deps.say ?? ((line: string) => console.log(line));
  try {
    if (command === "nightly") {
      const flags = parseNightlyArgs(rest);
      if (!flags.help) return await runNight(flags, deps);
      say(NIGHTLY_USAGE);
      return 0;
    }
    if (command === "baseline") {
      const flags = parseBaselineArgs(rest);
      if (!flags.help) return await recordBaseline(flags, say);
      say(NIGHTLY_USAGE);
      return 0;
    }
    throw new UsageError(`Unknown command '${command ?? ""}': expected nightly or baseline`);
  } catch (e) {
    if (e instanceof UsageError || e instanceof BaselineError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
