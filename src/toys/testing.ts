/**
 * Test support for the toy suites: a schema-valid report assembled around a run's outcome (all-null
 * standard summary with the outcome's extraSummary merged in), so end-to-end tests can validate it.
 */
import type { RunConfig } from "../config/run_config.ts";
import type { Report } from "../report/schema.ts";
import { buildReport, emptySummary } from "../report/build.ts";
import type { RunContext, RunOutcome } from "../config/suite.ts";

/** A run context for tests: wasm-less "cpu" environment, no data directory, heartbeats collected. */
export function testContext(beats: number[] = []): RunContext {
  return {
    env: {
      backend: "cpu",
      adapter: null,
      deno: Deno.version.deno,
      tfjs: "none",
      os: Deno.build.os,
      arch: Deno.build.arch,
      hostname: "test",
    },
    probeSeed: 0,
    onEpoch: (beat) => beats.push(beat.epoch),
    dataDir: null,
  };
}

/** The report a sweep would write for this outcome, with a fixed id and a one-cell sweep. */
export function reportOf(config: RunConfig, outcome: RunOutcome, ctx: RunContext): Report {
  const now = new Date(0).toISOString();
  return buildReport(
    {
      id: "0123456789abcdef",
      config,
      sweep: {
        id: "fedcba9876543210",
        suite: config.suite,
        grid: {},
        cells: 1,
        shard: { index: 0, count: 1 },
      },
      env: ctx.env,
      startedAt: now,
      finishedAt: now,
    },
    outcome,
    { ...emptySummary(), ...outcome.extraSummary },
  );
}
