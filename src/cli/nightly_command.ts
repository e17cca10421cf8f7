/**
 * `deno task nightly` and `deno task baseline` (main.ts hands them here with the command word
 * first, and the suite registry in `deps`). Exit codes: 0 all pass, 1 something regressed (or a
 * run or upload failed), 2 bad input or a missing, corrupt or incompatible baseline.
 */
import { UsageError } from "../util/usage_error.ts";
import { NIGHTLY_USAGE, parseBaselineArgs, parseNightlyArgs } from "./nightly_args.ts";
import { BaselineError } from "../nightly/baseline.ts";
import { recordBaseline } from "../nightly/record_baseline.ts";
import { type NightlyDeps, runNight } from "../nightly/run_night.ts";

/**
 * Runs `nightly ...` or `baseline ...`; returns the exit code.
 *
 * @example await nightlyCommand(["nightly", "--shard", "0/2", "--upload", "http://127.0.0.1:8080"], deps)
 */
export async function nightlyCommand(args: string[], deps: NightlyDeps): Promise<number> {
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
