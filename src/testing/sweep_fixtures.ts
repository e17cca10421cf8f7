/**
 * Test support for claim checks: the reports of a sweep built as the sweep builds them, either from
 * real runs of every cell in this process (the float64 toys, tiny tfjs configs) or with stated
 * numbers (fixtures), and the verdict of one claim on them.
 */
import type { RunConfig } from "../config/run_config.ts";
import type { Suite } from "../suite/suite.ts";
import { summarize } from "../analysis/summarize.ts";
import {
  buildReport,
  emptySeries,
  emptySummary,
  failedReport,
  type ReportFrame,
} from "../report/build.ts";
import type { Decay, Report, RunEnv, RunStatus, Series, SummaryValue } from "../report/schema.ts";
import { expandGrid } from "../sweep/grid.ts";
import type { Plan } from "../sweep/plan.ts";
import { testContext } from "./run_context.ts";
import { testFrame } from "./report_factory.ts";
import type { ClaimResult } from "../claims/claim.ts";
import { evaluateSweep } from "../claims/evaluate.ts";

/** The frame of a cell of `plan`, its config exactly as the plan gives it. */
function frame(plan: Plan, id: string, config: RunConfig): ReportFrame {
  const base = testFrame({
    id,
    config,
    sweepId: plan.sweepId,
    grid: plan.axes,
    cells: plan.cells.length,
    env: testContext().env,
  });
  return { ...base, config };
}

/** The plan of `suite` with `--set` and `--grid` texts. */
export function planOf(suite: Suite, sets: string[] = [], grids: string[] = []): Plan {
  return expandGrid(suite, sets, grids);
}

/**
 * Runs every cell of the plan in this process and builds its report as the worker does; tfjs
 * suites need `env` from `selectBackend` (the toys run without).
 */
export async function realSweep(
  suite: Suite,
  sets: string[] = [],
  grids: string[] = [],
  env: RunEnv = testContext().env,
): Promise<Report[]> {
  const plan = planOf(suite, sets, grids);
  const reports: Report[] = [];
  for (const cell of plan.cells) {
    const ctx = { ...testContext(), env };
    const outcome = await suite.run(cell.config, ctx);
    const summary = summarize(outcome.series, cell.config, {
      trainSize: outcome.trainSize,
      params: outcome.params,
      outputs: outcome.outputs ?? 1,
    });
    reports.push(buildReport({ ...frame(plan, cell.id, cell.config), env }, outcome, summary));
  }
  return reports;
}

/** What a fixture run states: summary values (on an empty summary), status, series. */
export interface FixtureRun {
  summary?: Record<string, SummaryValue>;
  status?: RunStatus;
  series?: Partial<Series>;
}

/**
 * Reports of the plan of `suite` with stated numbers: `run(config)` gives each cell's; null leaves
 * the cell without a report. A `failed` status gets a failed report.
 */
export function fixtureSweep(
  suite: Suite,
  run: (config: RunConfig) => FixtureRun | null,
  sets: string[] = [],
  grids: string[] = [],
): Report[] {
  const plan = planOf(suite, sets, grids);
  return plan.cells.flatMap((cell) => {
    const f = run(cell.config);
    if (f === null) return [];
    const fr = frame(plan, cell.id, cell.config);
    if (f.status === "failed") return [failedReport(fr, "worker exited with code 137")];
    const series = {
      ...emptySeries(),
      epoch: [0],
      loss: [1],
      gradNormSq: [1],
      drift: [0],
      lr: [cell.config.lr],
      seconds: [0],
      ...f.series,
    };
    const outcome = {
      status: f.status ?? "complete",
      divergedAt: f.status === "diverged" ? 1 : null,
      error: null,
      params: 1000,
      trainSize: null,
      series,
      notes: [],
    };
    return [buildReport(fr, outcome, { ...emptySummary(), ...f.summary })];
  });
}

/**
 * A fixture run whose summary is the analysis of `series` (summarize.ts), for checks that read
 * verdicts computed from a curve (the PL verdict, the kernel floors) rather than stated numbers;
 * `over` sets further summary values (e.g. eta / eta_max).
 */
export function analysed(
  config: RunConfig,
  series: Series,
  opts: { trainSize: number; params: number },
  over: Record<string, SummaryValue> = {},
): FixtureRun {
  return { series, summary: { ...summarize(series, config, opts), ...over } };
}

/** A decay verdict with stated numbers (the fits are placeholders: checks read only the verdict). */
export function decayFixture(
  model: Decay["model"],
  values: {
    rho?: number;
    gapDecades?: number;
    window?: [number, number];
    reason?: string;
    p?: number;
  } = {},
): Decay {
  const fit = <P>(params: P) => ({ params, rss: 0, rms: 0, misfit: 0, decades: 3 });
  const best = model === "undetermined" ? "geometric" : model;
  return {
    model,
    best,
    runnerUp: best === "power" ? "geometric" : "power",
    separation: model === "undetermined" ? 1.2 : 40,
    evidence: 1e6,
    noise: 2 ** -24,
    reason: model === "undetermined"
      ? values.reason ?? "too short to tell: 0.30 decades of geometric decline resolved above " +
          "the noise < 1"
      : null,
    rho: model === "power" || model === "linear" ? null : values.rho ?? 0.98,
    lInf: 0,
    gapDecades: values.gapDecades ?? 3,
    change: null,
    window: values.window ?? [10, 200],
    points: 191,
    fits: {
      geometric: fit({ lInf: 0, c: 1, rho: values.rho ?? 0.98 }),
      power: fit({ lInf: 0, c: 1, t0: 10, p: values.p ?? 1 }),
      linear: fit({ a: 1, b: 0.001 }),
    },
  };
}

/** The verdict of claim `id` of `suite` on `reports` (all of one sweep). */
export function judgeClaim(suite: Suite, reports: readonly Report[], id: string): ClaimResult {
  const result = evaluateSweep(suite, reports).results.find((r) => r.id === id);
  if (result === undefined) throw new Error(`suite ${suite.name} has no claim '${id}'`);
  return result;
}
