/**
 * `deno task sweep`: validate everything, run this machine's shard of the grid, print a table of its
 * runs and a summary across shards.
 */
import { resolve as resolvePath } from "node:path";
import type { Suite } from "../suite/suite.ts";
import type { Report } from "../report/schema.ts";
import { coverage, reportsIn } from "../sweep/coverage.ts";
import { expandGrid } from "../sweep/grid.ts";
import type { Plan } from "../sweep/plan.ts";
import { type ReportSink, runSweep, type SweepOutcome } from "../sweep/run_sweep.ts";
import { describeCapacity } from "../sweep/capacity.ts";
import { sizeCellWith } from "../sweep/cell_memory.ts";
import {
  type AvailableMemory,
  availableMemory,
  readMemorySources,
} from "../util/available_memory.ts";
import { resolveShard, type Shard } from "../sweep/shard.ts";
import { UsageError } from "../util/usage_error.ts";
import { parseSweepArgs, type SweepArgs } from "./args.ts";
import { checkDataDir, resolveBackend } from "./preflight.ts";
import { Progress, type ProgressSink, stdoutSink } from "./progress.ts";
import { summaryRows } from "./summary_table.ts";
import { alignRows } from "../util/text_table.ts";
import { sweepClaimText } from "./sweep_claims.ts";
import { terminalSafe } from "./terminal_text.ts";
import { USAGE } from "./usage.ts";
import { stoppedLine, sweepStopper } from "./sweep_stop.ts";
import { stopExitCode } from "../sweep/stop_signals.ts";
import { loadBlas } from "../blas/blas_library.ts";
import type { ProgramEntry } from "../util/program_entry.ts";

/** What the command depends on besides its flags (injected by main.ts and by tests). */
export interface CommandDeps {
  suites: readonly Suite[];
  /** The program each worker process runs: main.ts (which hands it the suites) and deno.json. */
  program: ProgramEntry;
  env: Record<string, string | undefined>;
  /** Opens the local database a single-machine sweep also writes into (main.ts: the dashboard's). */
  openLocalStore: (path: string) => ReportSink & { close(): void };
  out?: ProgressSink;
}

/** The suite named `name` (or the default suite); UsageError for an unknown name. */
export function findSuite(suites: readonly Suite[], name: string | null): Suite {
  const wanted = name ??
    (suites.some((s) => s.name === "mlp-mnist") ? "mlp-mnist" : suites[0]?.name);
  const suite = suites.find((s) => s.name === wanted);
  if (suite === undefined) {
    const known = suites.map((s) => s.name).join(", ") || "none";
    throw new UsageError(`Unknown suite '${wanted ?? ""}' (known suites: ${known})`);
  }
  return suite;
}

/** One line per suite for `--list`. */
export function listSuites(suites: readonly Suite[]): string {
  const width = Math.max(0, ...suites.map((s) => s.name.length));
  return suites.map((s) => `${s.name.padEnd(width)}  ${s.description}`).join("\n") + "\n";
}

function openSink(
  args: SweepArgs,
  sharded: boolean,
  deps: CommandDeps,
  say: (s: string) => void,
): ReportSink & { close(): void } | null {
  if (args.db === null || (sharded && !args.dbGiven)) return null;
  try {
    return deps.openLocalStore(args.db);
  } catch (e) {
    say(
      `warning: cannot open the local db ${args.db}: ${
        (e as Error).message
      }; going on without it\n`,
    );
    return null;
  }
}

/** The reports in `outs`, each report file skipped there named in one line. */
function reportsSaying(outs: string[], say: (s: string) => void) {
  return reportsIn(outs, (path, reason) => say(`skipping ${path}: ${reason}\n`));
}

/** Prints the summary across shards of `plan` over the folders `outs`, holding `reports`. */
function printCoverage(
  plan: Plan,
  outs: string[],
  reports: Map<string, Report>,
  say: (s: string) => void,
) {
  const c = coverage(plan.cells, reports);
  say(
    `across shards (${outs.join(", ")}): ${c.expected} cells expected, ${c.complete} complete, ` +
      `${c.diverged} diverged, ${c.failed} failed, ${c.missing} missing\n`,
  );
  return c;
}

/** With several `--out` folders: their runs of `plan` and its coverage; runs nothing. */
async function summarizeShards(
  suite: Suite,
  plan: Plan,
  flags: SweepArgs,
  say: (s: string) => void,
) {
  const reports = await reportsSaying(flags.outs, say);
  const found = plan.cells.flatMap((c) => reports.get(c.id) ?? []);
  if (!flags.quiet && found.length > 0) {
    say(alignRows(summaryRows(found, Object.keys(plan.axes))).join("\n") + "\n");
  }
  const c = printCoverage(plan, flags.outs, reports, say);
  say(sweepClaimText(suite, plan, reports, { index: 0, count: 1 }) ?? "");
  return c.missing === 0 && c.failed === 0 ? 0 : 1;
}

/** The memory the cells may use here (null where unknown); a bad PLBENCH_MEMORY is refused. */
function memoryOf(env: Record<string, string | undefined>): AvailableMemory | null {
  try {
    return availableMemory(readMemorySources(env));
  } catch (e) {
    throw new UsageError((e as Error).message.replace("Invalid size", "Invalid PLBENCH_MEMORY"));
  }
}

/** Runs this machine's shard of `plan` into `out`, with progress and the local database. */
async function runShard(
  suite: Suite,
  plan: Plan,
  shard: Shard,
  flags: SweepArgs,
  deps: CommandDeps,
  sink: ProgressSink,
): Promise<SweepOutcome> {
  const say = (text: string) => sink.write(terminalSafe(text));
  if (flags.dataDir !== null) await checkDataDir(suite, flags.dataDir);
  const notice = suite.dataNotice?.(flags.dataDir) ?? null;
  if (notice !== null) console.error(notice);
  const out = flags.outs[0] ?? "runs";
  const backend = await resolveBackend(flags.backend);
  const jobs = flags.jobs ?? backend.jobs;
  const token = deps.env.PLBENCH_TOKEN ?? null;
  const memory = memoryOf(deps.env);
  const store = openSink(flags, shard.count > 1, deps, say);
  const line = `sweep ${plan.sweepId} suite ${plan.suite}: ${plan.cells.length} cells; shard ` +
    `${shard.index}/${shard.count} (${shard.source}); out ${out}; backend ${flags.backend}` +
    backend.note;
  const axes = Object.keys(plan.axes);
  const progress = new Progress(sink, new Map(plan.cells.map((c) => [c.id, c])), axes, flags.quiet);
  const stopper = sweepStopper(say);
  try {
    return await runSweep({
      plan,
      shard,
      out,
      jobs,
      force: flags.force,
      backend: backend.worker,
      dataDir: flags.dataDir,
      program: deps.program,
      upload: flags.upload === null ? null : { url: flags.upload, token },
      sink: store,
      sizeCell: sizeCellWith(suite, backend.worker, axes),
      availableMemory: memory,
      cores: navigator.hardwareConcurrency,
      checkpointEvery: flags.checkpointEvery,
      stop: stopper.signal,
      onEvent: (e) => {
        if (e.kind !== "capacity") return progress.onEvent(e);
        // the BLAS threads serve the matrix products on blas, LAPACK's eigenvalues on webgpu
        const blas = backend.worker !== "wasm" && backend.worker !== "cpu" && loadBlas() !== null;
        say(`${line}; ${describeCapacity(e.capacity, blas)}\n`);
      },
      probeSubset: suite.probeSubset,
    });
  } finally {
    stopper.close();
    store?.close();
  }
}

/**
 * Prints what a shard's run did: its runs, where they are, uploads, coverage and the suite's claims
 * on the reports in `out`; the exit code.
 */
async function sayOutcome(
  result: SweepOutcome,
  suite: Suite,
  plan: Plan,
  shard: Shard,
  flags: SweepArgs,
  say: (s: string) => void,
): Promise<number> {
  const out = flags.outs[0] ?? "runs";
  if (result.stoppedBy !== null && result.outcomes.some((o) => o.kind === "stopped")) {
    say(stoppedLine(result.outcomes, result.stoppedBy));
    return stopExitCode(result.stoppedBy);
  }
  const reports = result.outcomes.flatMap((o) => "report" in o ? [o.report] : []);
  if (reports.length > 0) {
    say(alignRows(summaryRows(reports, Object.keys(plan.axes))).join("\n") + "\n");
  }
  const elsewhere = result.outcomes.filter((o) =>
    o.kind === "claimed" || o.kind === "on-dashboard"
  );
  if (elsewhere.length > 0) {
    say(`${elsewhere.length} cells were claimed by another process or found on the dashboard\n`);
  }
  say(`reports in ${out}/ (<id>.json and <id>.csv)\n`);
  if (flags.upload !== null) {
    say(
      `uploaded ${result.uploaded} reports to ${flags.upload}` +
        (result.uploadFailed > 0
          ? `, ${result.uploadFailed} not: run deno task upload --out ${out} --upload ${flags.upload}\n`
          : "\n"),
    );
  }
  const stored = await reportsSaying([out], say);
  printCoverage(plan, [out], stored, say);
  say(sweepClaimText(suite, plan, stored, shard) ?? "");
  return reports.some((r) => r.status === "failed") ? 1 : 0;
}

/** Runs `sweep` with `args`; returns the exit code (UsageError propagates for main to map to 2). */
export async function sweepCommand(args: string[], deps: CommandDeps): Promise<number> {
  const sink = deps.out ?? stdoutSink();
  const say = (text: string) => sink.write(terminalSafe(text));
  const flags = parseSweepArgs(args);
  if (flags.help) {
    say(USAGE);
    return 0;
  }
  if (flags.list) {
    say(listSuites(deps.suites));
    return 0;
  }
  const suite = findSuite(deps.suites, flags.suite);
  const plan = expandGrid(
    suite,
    flags.sets,
    flags.grids,
    flags.dataDir === null ? null : resolvePath(flags.dataDir),
  );
  if (plan.cells.length === 0) throw new UsageError("Grid with no cells");
  const shard = resolveShard(flags.shard, deps.env);
  if (flags.outs.length > 1) return await summarizeShards(suite, plan, flags, say);
  const result = await runShard(suite, plan, shard, flags, deps, sink);
  return await sayOutcome(result, suite, plan, shard, flags, say);
}
