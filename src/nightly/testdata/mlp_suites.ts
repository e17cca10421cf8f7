/**
 * The suite registry of the end-to-end test of per-seed nightly comparisons: the binary-MNIST MLP
 * only.
 */
import type { Suite } from "../../suite/suite.ts";
import { mlpMnistSuite } from "../../../suites/mlp_mnist.ts";
import { workerMain } from "../../sweep/worker.ts";
import type { ProgramEntry } from "../../util/program_entry.ts";

/** The suites of the test. */
export const SUITES: readonly Suite[] = [mlpMnistSuite];

/** This registry as the program of worker processes: `workerMain` with these suites. */
export const MLP_PROGRAM: ProgramEntry = {
  module: new URL(import.meta.url).pathname,
  config: new URL("../../../deno.json", import.meta.url).pathname,
};

if (import.meta.main) Deno.exit(await workerMain(Deno.args, SUITES));
