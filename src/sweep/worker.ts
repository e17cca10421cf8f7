/**
 * The worker process: runs one cell. It claims the cell's lock, selects the backend, runs the
 * suite, summarises the series, writes the report and tells the pool on stdout (see protocol.ts).
 * Started by the pool as `deno run -A main.ts worker '<WorkerSpec JSON>'`: main.ts, the
 * composition root, hands `workerMain` the suite registry (a test's entry hands its own).
 */
import type { RunConfig } from "../config/run_config.ts";
import type { Report, RunEnv, Summary, SweepInfo } from "../report/schema.ts";
import type { RunOutcome } from "../report/run_outcome.ts";
import type { MemorySuite, RunnableSuite } from "./sweep_suite.ts";
import { buildReport, emptySummary, failedReport, type ReportFrame } from "../report/build.ts";
import { isFinished, readReport, writeReport } from "../spool/store_files.ts";
import { withCellClaim } from "./lock.ts";
import { type BackendChoice, backendLabel, selectBackend } from "../backend/backend.ts";
import { cellMemory } from "./cell_memory.ts";
import { peakResidentBytes } from "../util/peak_memory.ts";
import { formatBytes } from "../util/bytes.ts";
import { blasThreadsFor, cellCheckpointHook, findStart } from "./cell_state.ts";
import { stopExitCode, StopListener } from "./stop_signals.ts";
import { StopRequested } from "../checkpoint/train_state.ts";
import type { CheckpointEvery } from "../checkpoint/checkpoint_every.ts";
import { checkpointDir, removeState } from "../checkpoint/state_store.ts";
import { summarize } from "../analysis/summarize.ts";
import { formatMessage, type WorkerMessage } from "./protocol.ts";
import { preferNativeWebgpu } from "../backend/webgpu_backends.ts";
import { staleProbe } from "./probe_reuse.ts";

/** Everything a worker needs to run one cell. */
export interface WorkerSpec {
  id: string;
  config: RunConfig;
  sweep: SweepInfo;
  out: string;
  backend: BackendChoice;
  dataDir: string | null;
  force: boolean;
  /** Threads of the system BLAS (cores / min(jobs, cells), so that the pool does not oversubscribe). */
  blasThreads: number;
  /** When to checkpoint (default: `DEFAULT_CHECKPOINT_EVERY`). */
  checkpointEvery?: CheckpointEvery;
}

function send(message: WorkerMessage): void {
  console.log(formatMessage(message));
}

/** The run's environment before the backend is known (for the report of a worker that died early). */
export function hostEnv(choice: BackendChoice): RunEnv {
  return {
    backend: choice === "auto" ? "cpu" : choice === "blas" ? "wasm" : choice,
    blas: null,
    adapter: null,
    deno: Deno.version.deno,
    tfjs: "unknown",
    os: Deno.build.os,
    arch: Deno.build.arch,
    hostname: Deno.hostname(),
  };
}

function summaryOf(outcome: RunOutcome, config: RunConfig, notes: string[]): Summary {
  try {
    return summarize(outcome.series, config, {
      trainSize: outcome.trainSize,
      params: outcome.params,
      outputs: outcome.outputs ?? 1,
    });
  } catch (e) {
    notes.push(`summary failed: ${(e as Error).message}`);
    return emptySummary();
  }
}

/** Removes temp files a killed writer of cell `id` left in `dir` (call while holding its lock). */
export async function removeTempFiles(dir: string, id: string): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const name = entry.name;
    if (name.startsWith(`.${id}.`) && name.endsWith(".tmp")) {
      await Deno.remove(`${dir}/${name}`).catch(() => {});
    }
  }
}

/**
 * The `failed` report of a cell, finished now: the worker's when the run throws, the pool's when
 * the worker dies without a report.
 */
export function failedCellReport(
  spec: WorkerSpec,
  reason: string,
  at: { env: RunEnv; startedAt: string; notes?: string[] },
): Report {
  const finishedAt = new Date().toISOString();
  const frame = { id: spec.id, config: spec.config, sweep: spec.sweep, ...at, finishedAt };
  return failedReport(frame, reason, at.notes);
}

/**
 * The note on the worker's memory: its peak resident memory beside the estimate the sweep planned
 * with, e.g. `memory: peak resident 364 MiB, estimated 334 MiB`.
 */
function memoryNote(suite: MemorySuite, spec: WorkerSpec, backend: string): string {
  const estimate = cellMemory(suite, { index: 0, id: spec.id, config: spec.config }, backend);
  const peak = peakResidentBytes();
  return `memory: peak resident ${peak === null ? "unknown" : formatBytes(peak)}, estimated ` +
    formatBytes(estimate.bytes);
}

/**
 * Selects the backend, finds where the cell starts (its checkpoint, a shorter run's final state,
 * or scratch), runs the suite and builds the cell's report; `failed` if anything throws but a
 * stop, which propagates (StopRequested) with the checkpoint written.
 */
async function runCellReport(
  spec: WorkerSpec,
  suite: RunnableSuite,
  stop: StopListener,
): Promise<Report> {
  const notes: string[] = [];
  let startedAt = new Date().toISOString();
  let env = hostEnv(spec.backend);
  try {
    env = await selectBackend(spec.backend, { blasThreads: await blasThreadsFor(spec) });
    send({ t: "env", env });
    const start = await findStart(spec, env);
    startedAt = start.startedAt ?? startedAt;
    send({ t: "start", epoch: start.state?.epoch ?? 0, from: start.from });
    const hook = cellCheckpointHook(spec, env, startedAt, {
      requested: () => stop.requested !== null,
      cooperate: () => stop.cooperate(),
    });
    const outcome = await suite.run(spec.config, {
      env,
      dataDir: spec.dataDir,
      onEpoch: (beat) => send({ t: "epoch", ...beat }),
      checkpoint: { resume: start.state, hook },
    });
    if (start.note !== null) notes.push(start.note);
    const summary = summaryOf(outcome, spec.config, notes);
    notes.push(memoryNote(suite, spec, backendLabel(env)));
    const frame: ReportFrame = {
      id: spec.id,
      config: spec.config,
      sweep: spec.sweep,
      env,
      startedAt,
      finishedAt: new Date().toISOString(),
    };
    return buildReport(frame, { ...outcome, notes: [...outcome.notes, ...notes] }, summary);
  } catch (e) {
    if (e instanceof StopRequested) throw e;
    return failedCellReport(spec, `run threw: ${(e as Error).message ?? String(e)}`, {
      env,
      startedAt,
      notes,
    });
  }
}

/**
 * The work of a claimed cell: skip it if finished (and probed on the inputs the cell draws now),
 * else run it and write its report (then drop its checkpoint, unless it failed: a rerun resumes
 * from it). A stop ends it with the stop's exit code and no report.
 */
async function runClaimedCell(
  spec: WorkerSpec,
  suites: readonly RunnableSuite[],
  stop: StopListener,
): Promise<number> {
  await removeTempFiles(spec.out, spec.id);
  const suite = suites.find((s) => s.name === spec.config.suite);
  if (suite === undefined) throw new Error(`no suite named '${spec.config.suite}'`);
  const previous = await readReport(spec.out, spec.id);
  if (
    !spec.force && previous.kind === "ok" && isFinished(previous.report) &&
    staleProbe(previous.report, suite.probeSubset) === null
  ) {
    send({ t: "skipped", reason: "finished" });
    return 0;
  }
  let report: Report;
  try {
    report = await runCellReport(spec, suite, stop);
  } catch (e) {
    if (!(e instanceof StopRequested)) throw e;
    const signal = stop.requested ?? "SIGTERM";
    send({ t: "stopped", epoch: e.epoch, signal });
    return stopExitCode(signal);
  }
  const path = await writeReport(spec.out, report);
  if (isFinished(report)) await removeState(checkpointDir(spec.out, spec.id));
  send({ t: "done", status: report.status, path });
  return 0;
}

/**
 * Runs one cell as described by `spec`, its suite found in `suites`, while holding its lock;
 * returns the process exit code: 0, or the stop's (143 for SIGTERM, 130 for SIGINT) when asked
 * to stop. A stop before the trainer runs (or in a suite that does not checkpoint) exits at once;
 * one during training waits for the end of the epoch, writes a checkpoint and exits.
 */
export async function runWorker(
  spec: WorkerSpec,
  suites: readonly RunnableSuite[],
): Promise<number> {
  const stop = new StopListener({
    canSave: false,
    exit: (code) => {
      send({ t: "stopped", epoch: null, signal: code === 130 ? "SIGINT" : "SIGTERM" });
      Deno.exit(code);
    },
  }).install();
  try {
    const ran = await withCellClaim(spec.out, spec.id, () => runClaimedCell(spec, suites, stop));
    if (!ran.claimed) send({ t: "skipped", reason: "claimed" });
    return ran.claimed ? ran.value : 0;
  } finally {
    stop.uninstall();
  }
}

/** The arguments a worker process is started with after its entry module: `worker SPEC_JSON`. */
export function workerArgs(spec: WorkerSpec): string[] {
  return ["worker", JSON.stringify(spec)];
}

/**
 * Entry of a worker process: `args` as `workerArgs` writes them, the suite registry from the entry
 * module (main.ts). Returns the exit code.
 */
export async function workerMain(
  args: readonly string[],
  suites: readonly RunnableSuite[],
): Promise<number> {
  const [word, text] = args;
  if (word !== "worker" || text === undefined) {
    console.error("worker: expected the word 'worker' and the cell spec as JSON");
    return 2;
  }
  preferNativeWebgpu();
  return await runWorker(JSON.parse(text) as WorkerSpec, suites);
}
