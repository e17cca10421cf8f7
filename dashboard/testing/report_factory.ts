/**
 * Builds schema-valid reports for tests: a small default report whose every part can be overridden.
 */
import { createHash } from "node:crypto";
import type { RunConfig } from "../../src/config/run_config.ts";
import { type Report, REPORT_SCHEMA, type Summary } from "../../src/report/schema.ts";
import { emptySummary } from "../../src/report/build.ts";

/** What a test may set; everything else gets a plain default. */
export interface ReportOptions {
  suite?: string;
  sweepId?: string;
  grid?: Record<string, (number | string | boolean)[]>;
  cells?: number;
  config?: Partial<RunConfig>;
  status?: Report["status"];
  summary?: Partial<Summary>;
  params?: number;
  loss?: number[];
}

/** The run id of a config, as the sweep derives it: a SHA-256 hex hash of its canonical JSON. */
export function runId(config: RunConfig): string {
  const sorted = Object.fromEntries(Object.entries(config).sort(([a], [b]) => a.localeCompare(b)));
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex").slice(0, 32);
}

/** An empty summary (every metric null), as the report writer makes it. */
export { emptySummary };

/**
 * A schema-valid report with a five-epoch series.
 *
 * @example makeReport({ config: { seed: 2, width: 64 }, summary: { plMin: 0.5 } })
 */
export function makeReport(options: ReportOptions = {}): Report {
  const suite = options.suite ?? "toy";
  const config: RunConfig = {
    suite,
    seed: 0,
    epochs: 4,
    lr: 0.1,
    width: 8,
    ...options.config,
  } as RunConfig;
  const loss = options.loss ?? [1, 0.5, 0.25, 0.125, 0.0625];
  const epoch = loss.map((_, i) => i);
  const status = options.status ?? "complete";
  return {
    schema: REPORT_SCHEMA,
    id: runId(config),
    suite,
    sweep: {
      id: options.sweepId ?? "sweep-a",
      suite,
      grid: options.grid ?? { seed: [0, 1, 2] },
      cells: options.cells ?? 3,
      shard: { index: 0, count: 1 },
    },
    config,
    status,
    divergedAt: status === "diverged" ? 2 : null,
    error: status === "failed" ? "worker exited with code 137" : null,
    params: options.params ?? 100,
    trainSize: null,
    env: {
      backend: "wasm",
      adapter: null,
      deno: "2.9.6",
      tfjs: "4.22.0",
      os: "linux",
      arch: "x86_64",
      hostname: "node1",
    },
    startedAt: "2026-11-23T10:00:00.000Z",
    finishedAt: "2026-11-23T10:01:00.000Z",
    series: {
      epoch,
      loss,
      gradNormSq: loss.map((l) => l * 0.8),
      drift: epoch.map((e) => e * 0.1),
      lr: epoch.map(() => config.lr),
      seconds: epoch.map((e) => e * 0.5),
    },
    summary: { ...emptySummary(), ...options.summary } as Summary,
    notes: [],
  };
}
