/** Test helper: command dependencies with the stand-in suites, and an output sink that records. */
import type { CommandDeps } from "../sweep_command.ts";
import type { ProgressSink } from "../progress.ts";
import { SUITES } from "../../sweep/testdata/fake_suites.ts";
import { SUITES as REAL_SUITES } from "../../../suites/mod.ts";
import { openStore } from "../../../dashboard/storage/store.ts";

/** A sink that keeps what was written. */
export function recorder(): ProgressSink & { text(): string } {
  let all = "";
  return { isTerminal: false, write: (t) => void (all += t), text: () => all };
}

function depsOf(
  suites: CommandDeps["suites"],
  suitesModule: string,
  env: Record<string, string>,
): CommandDeps & { out: ReturnType<typeof recorder> } {
  return {
    suites,
    suitesModule,
    configPath: new URL("../../../deno.json", import.meta.url).pathname,
    env,
    openLocalStore: openStore,
    out: recorder(),
  };
}

/** Dependencies of the sweep command with the stand-in suites and `env`. */
export function fakeDeps(env: Record<string, string> = {}) {
  return depsOf(SUITES, new URL("../../sweep/testdata/fake_suites.ts", import.meta.url).href, env);
}

/** Dependencies of the sweep command with the real suite registry and `env`. */
export function realDeps(env: Record<string, string> = {}) {
  return depsOf(REAL_SUITES, new URL("../../../suites/mod.ts", import.meta.url).href, env);
}
