/** Test helper: command dependencies with the stand-in suites, and an output sink that records. */
import type { RootDeps } from "../../../main.ts";
import { PROGRAM } from "../../../main.ts";
import type { ProgressSink } from "../progress.ts";
import { FAKE_PROGRAM, SUITES } from "../../sweep/testdata/fake_suites.ts";
import { SUITES as REAL_SUITES } from "../../../suites/mod.ts";
import { openStore } from "../../../dashboard/storage/store.ts";
import type { ProgramEntry } from "../../util/program_entry.ts";

/** A sink that keeps what was written. */
export function recorder(): ProgressSink & { text(): string } {
  let all = "";
  return { isTerminal: false, write: (t) => void (all += t), text: () => all };
}

function depsOf(
  suites: RootDeps["suites"],
  program: ProgramEntry,
  env: Record<string, string>,
): RootDeps & { out: ReturnType<typeof recorder> } {
  return { suites, program, env, openLocalStore: openStore, out: recorder() };
}

/** Dependencies of the commands with the stand-in suites and `env`. */
export function fakeDeps(env: Record<string, string> = {}) {
  return depsOf(SUITES, FAKE_PROGRAM, env);
}

/** Dependencies of the commands with the real suite registry and `env`. */
export function realDeps(env: Record<string, string> = {}) {
  return depsOf(REAL_SUITES, PROGRAM, env);
}
