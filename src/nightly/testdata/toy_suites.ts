/**
 * The suite registry the end-to-end nightly test hands its worker processes: one exact toy, so the
 * test does not depend on which suites the full registry holds.
 */
import type { Suite } from "../../suite/suite.ts";
import { lemniscateSuite } from "../../../suites/lemniscate.ts";
import { workerMain } from "../../sweep/worker.ts";
import type { ProgramEntry } from "../../util/program_entry.ts";

/** The suites of the test. */
export const SUITES: readonly Suite[] = [lemniscateSuite];

/** This registry as the program of worker processes: `workerMain` with these suites. */
export const TOY_PROGRAM: ProgramEntry = {
  module: new URL(import.meta.url).pathname,
  config: new URL("../../../deno.json", import.meta.url).pathname,
};

if (import.meta.main) Deno.exit(await workerMain(Deno.args, SUITES));
