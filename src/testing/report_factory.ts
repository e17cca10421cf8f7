/**
 * Reports for tests, built in one place: a schema-valid report whose every part can be overridden
 * (`makeReport`), and the environment and frame that `buildReport` and `failedReport` take
 * (`testEnv`, `testFrame`). Ids are the sweep's own (`cellId`), so they are what a sweep writes.
 */
import type { RunConfig } from "../config/run_config.ts";
import { buildReport, emptySummary, type ReportFrame } from "../report/build.ts";
import type { ProbeSubset, Report, RunEnv, Summary } from "../report/schema.ts";
import type { RunOutcome } from "../report/run_outcome.ts";
import { cellId } from "../sweep/plan.ts";

/** An empty summary (every metric null), as the report writer makes it. */
export { emptySummary };

/** The environment of a test report: a wasm run on a fixed host, with `overrides`. */
export function testEnv(overrides: Partial<RunEnv> = {}): RunEnv {
  return {
    backend: "wasm",
    adapter: null,
    deno: "2.9.6",
    tfjs: "4.22.0",
    os: "linux",
    arch: "x86_64",
    hostname: "node1",
    ...overrides,
  };
}

/** What a test may set of a report's frame; everything else gets a plain default. */
export interface FrameOptions {
  suite?: string;
  config?: Partial<RunConfig>;
  /** Default: the sweep's id of the config. */
  id?: string;
  sweepId?: string;
  grid?: Record<string, (number | string | boolean)[]>;
  cells?: number;
  env?: Partial<RunEnv>;
}

/** A small run config of `suite`: seed 0, 4 epochs, lr 0.1, width 8, with `config` on top. */
function testConfig(options: FrameOptions): RunConfig {
  const suite = options.suite ?? options.config?.suite ?? "toy";
  return { seed: 0, epochs: 4, lr: 0.1, width: 8, ...options.config, suite } as RunConfig;
}

/**
 * The frame of a test report (cell, one-shard sweep, environment, fixed start and finish times).
 *
 * @example buildReport(testFrame({ config: { width: 4 } }), outcome, emptySummary())
 */
export function testFrame(options: FrameOptions = {}): ReportFrame {
  const config = testConfig(options);
  return {
    id: options.id ?? cellId(config),
    config,
    sweep: {
      id: options.sweepId ?? "sweep-a",
      suite: config.suite,
      grid: options.grid ?? { seed: [0, 1, 2] },
      cells: options.cells ?? 3,
      shard: { index: 0, count: 1 },
    },
    env: testEnv(options.env),
    startedAt: "2026-11-23T10:00:00.000Z",
    finishedAt: "2026-11-23T10:01:00.000Z",
  };
}

/** What a test may set of a report; everything else gets a plain default. */
export interface ReportOptions extends FrameOptions {
  status?: Report["status"];
  summary?: Partial<Summary>;
  params?: number;
  loss?: number[];
  /** Training-set size n (default null). */
  trainSize?: number | null;
  /** The record of the run's probe subset (default: none). */
  probe?: ProbeSubset;
}

/**
 * A schema-valid report with a five-epoch series (or one per value of `loss`).
 *
 * @example makeReport({ config: { seed: 2, width: 64 }, summary: { plMin: 0.5 } })
 */
export function makeReport(options: ReportOptions = {}): Report {
  const frame = testFrame(options);
  const loss = options.loss ?? [1, 0.5, 0.25, 0.125, 0.0625];
  const epoch = loss.map((_, i) => i);
  const status = options.status ?? "complete";
  const outcome: RunOutcome = {
    status,
    divergedAt: status === "diverged" ? 2 : null,
    error: status === "failed" ? "worker exited with code 137" : null,
    params: options.params ?? 100,
    trainSize: options.trainSize ?? null,
    ...(options.probe === undefined ? {} : { probe: options.probe }),
    series: {
      epoch,
      loss,
      gradNormSq: loss.map((l) => l * 0.8),
      drift: epoch.map((e) => e * 0.1),
      lr: epoch.map(() => frame.config.lr),
      seconds: epoch.map((e) => e * 0.5),
    },
    notes: [],
  };
  return buildReport(frame, outcome, { ...emptySummary(), ...options.summary } as Summary);
}
