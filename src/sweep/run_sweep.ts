/**
 * One shard of a sweep on this machine: skip the cells already finished (here or on the dashboard),
 * run the rest in the worker pool, and pass each new report to the local store and the dashboard.
 */
import type { Report, SweepInfo } from "../report/schema.ts";
import { isFinished, readReport, reportPath } from "../spool/store_files.ts";
import { postHeartbeat, remoteRuns, type UploadTarget } from "../report/upload.ts";
import { UploadQueue } from "./upload_queue.ts";
import type { Cell, Plan } from "./plan.ts";
import { cellClaimed } from "./lock.ts";
import { type CellResult, type PoolEvent, runPool } from "./pool.ts";
import { selectShard, type Shard } from "./shard.ts";
import type { BackendChoice } from "../backend/backend.ts";
import type { WorkerSpec } from "./worker.ts";
import { UsageError } from "../util/usage_error.ts";
import type { ProgramEntry } from "../util/program_entry.ts";
import type { AvailableMemory } from "../util/available_memory.ts";
import type { CheckpointEvery } from "../checkpoint/checkpoint_every.ts";
import { epochsToRun, planStarts } from "./start_plan.ts";
import type { StopSignal } from "./stop_signals.ts";
import { type Capacity, checkCellsFit, planCapacity, type SizedCell } from "./capacity.ts";
import { type ProbeSubsetOf, staleProbe } from "./probe_reuse.ts";

/** Where new reports go besides the output folder (the local SQLite store). */
export interface ReportSink {
  upsertReports(reports: Report[]): void;
}

/** Everything one shard run needs. */
export interface SweepRequest {
  plan: Plan;
  shard: Shard;
  out: string;
  jobs: number;
  force: boolean;
  backend: BackendChoice;
  dataDir: string | null;
  /** The program each worker process runs (main.ts with the suite registry, and deno.json). */
  program: ProgramEntry;
  upload: UploadTarget | null;
  sink: ReportSink | null;
  /** A cell's estimated peak memory (the suite's estimate). */
  sizeCell: (cell: Cell) => SizedCell;
  /** The memory the cells may use, null where unknown (nothing is then refused or lowered). */
  availableMemory: AvailableMemory | null;
  cores: number;
  /** When running cells write checkpoints. */
  checkpointEvery: CheckpointEvery;
  /** Aborted to stop the shard: running cells checkpoint and stop, no new cell starts. */
  stop?: AbortSignal;
  onEvent: (event: SweepEvent) => void;
  /**
   * The probe subset the suite's cells draw (`Suite.probeSubset`): a finished report probed on
   * other inputs is run again. Absent: the suite never probes.
   */
  probeSubset?: ProbeSubsetOf;
}

/** What became of a cell of the shard. */
export type CellOutcome =
  | { cell: Cell; kind: "ran"; report: Report }
  | { cell: Cell; kind: "stopped"; epoch: number | null }
  | { cell: Cell; kind: "before"; report: Report }
  | { cell: Cell; kind: "on-dashboard"; status: string }
  | { cell: Cell; kind: "claimed" };

/** Progress of a shard run. */
export type SweepEvent =
  | { kind: "capacity"; capacity: Capacity }
  | {
    kind: "plan";
    toRun: number;
    skipped: number;
    total: number;
    epochs: number;
    resuming: number;
    extending: number;
  }
  | PoolEvent
  | { kind: "warning"; message: string }
  /** A finished report that is run again, and why (one line). */
  | { kind: "rerun"; id: string; reason: string };

/** The result of a shard run. */
export interface SweepOutcome {
  outcomes: CellOutcome[];
  uploaded: number;
  uploadFailed: number;
  /** The signal that stopped the shard (the `stop` signal's reason), or null. */
  stoppedBy: StopSignal | null;
}

const HEARTBEAT_MS = 1000;

/** The cells of a shard sorted into those already settled and those to run or upload. */
interface CellPlan {
  outcomes: Map<string, CellOutcome>;
  toRun: Cell[];
  /** Finished reports here that the dashboard lacks. */
  toSync: Report[];
}

/**
 * Which cells run: a finished local report or one on the dashboard settles a cell (unless
 * `--force`), and so does a live process's lock; every other cell runs. A finished local report
 * probed on other inputs than its cell draws now settles nothing, not even through the dashboard
 * (which holds the same report): the cell runs again and the sweep says why.
 */
async function planCells(
  req: SweepRequest,
  cells: readonly Cell[],
  remote: Map<string, string> | null,
): Promise<CellPlan> {
  const plan: CellPlan = { outcomes: new Map(), toRun: [], toSync: [] };
  for (const cell of cells) {
    const local = await readReport(req.out, cell.id);
    if (local.kind === "invalid") {
      const path = reportPath(req.out, cell.id);
      req.onEvent({ kind: "warning", message: `skipping ${path}: ${local.reason}` });
    }
    const remoteStatus = remote?.get(cell.id);
    const stale = !req.force && local.kind === "ok" && isFinished(local.report)
      ? staleProbe(local.report, req.probeSubset)
      : null;
    if (stale !== null) {
      req.onEvent({ kind: "rerun", id: cell.id, reason: stale });
      if (await cellClaimed(req.out, cell.id)) {
        plan.outcomes.set(cell.id, { cell, kind: "claimed" });
      } else plan.toRun.push(cell);
    } else if (!req.force && local.kind === "ok" && isFinished(local.report)) {
      plan.outcomes.set(cell.id, { cell, kind: "before", report: local.report });
      if (remote !== null && remoteStatus === undefined) plan.toSync.push(local.report);
    } else if (!req.force && (remoteStatus === "complete" || remoteStatus === "diverged")) {
      plan.outcomes.set(cell.id, { cell, kind: "on-dashboard", status: remoteStatus });
    } else if (await cellClaimed(req.out, cell.id)) {
      plan.outcomes.set(cell.id, { cell, kind: "claimed" });
    } else plan.toRun.push(cell);
  }
  return plan;
}

/**
 * What the sweep does with the pool's events: passes them on, posts heartbeats to the dashboard
 * (at most one a second per cell), and stores and uploads each finished report.
 */
function poolEventHandler(
  req: SweepRequest,
  sweep: SweepInfo,
  uploads: UploadQueue,
): (event: PoolEvent) => void {
  const lastBeat = new Map<string, number>();
  let sinkWarned = false;
  return (event) => {
    req.onEvent(event);
    if (event.kind === "epoch" && req.upload !== null) {
      const now = Date.now();
      if (now - (lastBeat.get(event.id) ?? 0) >= HEARTBEAT_MS || event.epoch === event.epochs) {
        lastBeat.set(event.id, now);
        const { epoch, epochs, loss } = event;
        postHeartbeat(req.upload, {
          runId: event.id,
          sweepId: sweep.id,
          epoch,
          epochs,
          loss,
          suite: sweep.suite,
          cells: sweep.cells,
        });
      }
    }
    if (event.kind === "end" && event.result.kind === "ran") {
      const report = event.result.report;
      try {
        req.sink?.upsertReports([report]);
      } catch (e) {
        if (!sinkWarned) {
          req.onEvent({ kind: "warning", message: `local db: ${(e as Error).message}` });
        }
        sinkWarned = true;
      }
      uploads.add([report]);
    }
  };
}

/** Runs the shard described by `req`. */
export async function runSweep(req: SweepRequest): Promise<SweepOutcome> {
  try {
    await Deno.mkdir(req.out, { recursive: true });
  } catch (e) {
    throw new UsageError(`Cannot create the output folder '${req.out}': ${(e as Error).message}`);
  }
  const cells = selectShard(req.plan.cells, req.shard);
  const sweep: SweepInfo = {
    id: req.plan.sweepId,
    suite: req.plan.suite,
    grid: req.plan.axes,
    cells: req.plan.cells.length,
    shard: { index: req.shard.index, count: req.shard.count },
  };
  const remote = req.upload === null ? null : await remoteRuns(req.upload, req.plan.suite);
  if (req.upload !== null && remote === null) {
    req.onEvent({
      kind: "warning",
      message: `dashboard ${req.upload.url} cannot be asked which runs it has`,
    });
  }
  const { outcomes, toRun, toSync } = await planCells(req, cells, remote);
  const sized = toRun.map(req.sizeCell);
  checkCellsFit(sized, req.availableMemory);
  const capacity = planCapacity(sized, {
    jobs: req.jobs,
    cores: req.cores,
    available: req.availableMemory?.bytes ?? null,
  });
  req.onEvent({ kind: "capacity", capacity });
  const starts = await planStarts(req.out, toRun, req.force);
  req.onEvent({
    kind: "plan",
    toRun: toRun.length,
    skipped: cells.length - toRun.length,
    total: cells.length,
    epochs: epochsToRun(toRun, starts),
    resuming: starts.resumeAt.size,
    extending: starts.extendFrom.size,
  });

  const uploads = new UploadQueue(
    req.upload,
    (message) => req.onEvent({ kind: "warning", message }),
  );
  if (toSync.length > 0) uploads.add(toSync);
  const byId = new Map(toRun.map((c) => [c.id, c]));
  const specs: WorkerSpec[] = toRun.map((cell) => ({
    id: cell.id,
    config: cell.config,
    sweep,
    out: req.out,
    backend: req.backend,
    dataDir: req.dataDir,
    force: req.force,
    blasThreads: capacity.blasThreads,
    checkpointEvery: req.checkpointEvery,
  }));
  const results: CellResult[] = await runPool(specs, {
    jobs: capacity.jobs,
    program: req.program,
    onEvent: poolEventHandler(req, sweep, uploads),
    stop: req.stop,
  });
  for (const cell of toRun) {
    if (req.stop?.aborted) outcomes.set(cell.id, { cell, kind: "stopped", epoch: null });
  }
  for (const result of results) {
    const cell = byId.get(result.id);
    if (cell === undefined) continue;
    if (result.kind === "ran") outcomes.set(cell.id, { cell, kind: "ran", report: result.report });
    else if (result.kind === "stopped") {
      outcomes.set(cell.id, { cell, kind: "stopped", epoch: result.epoch });
    } else if (result.reason === "claimed") outcomes.set(cell.id, { cell, kind: "claimed" });
    else {
      const read = await readReport(req.out, cell.id);
      if (read.kind === "ok") outcomes.set(cell.id, { cell, kind: "before", report: read.report });
    }
  }
  await uploads.settle();
  return {
    outcomes: cells.flatMap((c) => outcomes.get(c.id) ?? []),
    uploaded: uploads.sent,
    uploadFailed: uploads.failed,
    stoppedBy: req.stop?.aborted ? (req.stop.reason as StopSignal) : null,
  };
}
