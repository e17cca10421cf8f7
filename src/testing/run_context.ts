/**
 * Test support for the toy suites: a schema-valid report assembled around a run's outcome (all-null
 * standard summary with the outcome's extraSummary merged in), so end-to-end tests can validate it.
 */
import type { RunConfig } from "../config/run_config.ts";
import type { Report } from "../report/schema.ts";
import { buildReport, emptySummary } from "../report/build.ts";
import type { RunContext, RunOutcome } from "../suite/suite.ts";
import { testEnv, testFrame } from "./report_factory.ts";

/** A run context for tests: wasm-less "cpu" environment, no data directory, heartbeats collected. */
export function testContext(beats: number[] = []): RunContext {
  return {
    env: testEnv({ backend: "cpu", tfjs: "none", hostname: "test" }),
    onEpoch: (beat) => beats.push(beat.epoch),
    dataDir: null,
  };
}

/** The report a sweep would write for this outcome, in a one-cell sweep. */
export function reportOf(config: RunConfig, outcome: RunOutcome, ctx: RunContext): Report {
  return buildReport(
    { ...testFrame({ config, grid: {}, cells: 1 }), env: ctx.env },
    outcome,
    { ...emptySummary(), ...outcome.extraSummary },
  );
}
