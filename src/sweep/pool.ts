/**
 * The local pool: runs cells P at a time, each in its own worker process, so that a crash, an
 * out-of-memory kill or a NaN costs that cell only. A worker that dies without a report gets a
 * `failed` report with the reason, written by the pool; one that dies after announcing its report
 * keeps that report.
 */
import type { Report, RunEnv, RunStatus } from "../report/schema.ts";
import { readReport, writeReport } from "../spool/store_files.ts";
import { withCellClaim } from "./lock.ts";
import { parseMessage } from "./protocol.ts";
import { failedCellReport, hostEnv, workerArgs, type WorkerSpec } from "./worker.ts";
import { denoRunCommand, type ProgramEntry } from "../util/program_entry.ts";

/** What happened to one cell in the pool. */
export type CellResult =
  | { id: string; kind: "ran"; status: RunStatus; report: Report }
  | { id: string; kind: "skipped"; reason: "claimed" | "finished" }
  | { id: string; kind: "stopped"; epoch: number | null };

/** Progress events of the pool. */
export type PoolEvent =
  | { kind: "start"; id: string }
  | { kind: "resume"; id: string; epoch: number; from: "checkpoint" | "extension" }
  | { kind: "epoch"; id: string; epoch: number; epochs: number; loss: number }
  | { kind: "end"; result: CellResult };

/** How the pool starts workers and reports progress. */
export interface PoolOptions {
  jobs: number;
  onEvent: (event: PoolEvent) => void;
  /** The program a worker process runs (main.ts and deno.json; in tests, a test registry). */
  program: ProgramEntry;
  /** Extra `deno run` flags for the workers, e.g. V8 memory limits. */
  denoFlags?: string[];
  /**
   * Aborted to stop: no new cell starts, and every running worker gets SIGTERM (it writes a
   * checkpoint at the end of its epoch and exits); their cells end `stopped`.
   */
  stop?: AbortSignal;
}

const STDERR_TAIL = 2000;

async function readLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void) {
  let rest = "";
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    rest += decoder.decode(bytes, { stream: true });
    const lines = rest.split("\n");
    rest = lines.pop() ?? "";
    lines.forEach(onLine);
  }
  if (rest !== "") onLine(rest);
}

async function readTail(stream: ReadableStream<Uint8Array>): Promise<string> {
  let tail = "";
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    tail = (tail + decoder.decode(bytes, { stream: true })).slice(-STDERR_TAIL);
  }
  return tail.trim();
}

function crashReason(status: Deno.CommandStatus, stderr: string): string {
  const last = stderr.split("\n").filter((l) => l.trim() !== "").slice(-3).join(" | ");
  if (status.signal !== null) {
    const oom = status.signal === "SIGKILL" ? " (killed: out of memory or by hand)" : "";
    return `worker killed by ${status.signal}${oom}${last !== "" ? ": " + last : ""}`;
  }
  return `worker exited with code ${status.code} before writing a report${
    last !== "" ? ": " + last : ""
  }`;
}

/** Runs one cell in a worker process and returns its result. */
export async function runCell(spec: WorkerSpec, opts: PoolOptions): Promise<CellResult> {
  const [program, ...args] = denoRunCommand(opts.program, workerArgs(spec), opts.denoFlags);
  const child = new Deno.Command(program!, {
    args,
    // Plain error text: the tail of stderr goes into a failed report.
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const forward = () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
  };
  opts.stop?.addEventListener("abort", forward);
  let env: RunEnv | null = null;
  let done: RunStatus | null = null;
  let skipped: "claimed" | "finished" | null = null;
  let stopped: { epoch: number | null } | null = null;
  const stdout = readLines(child.stdout, (line) => {
    const m = parseMessage(line);
    if (m === null) return;
    if (m.t === "env") env = m.env;
    else if (m.t === "epoch") opts.onEvent({ kind: "epoch", id: spec.id, ...m });
    else if (m.t === "start" && m.from !== null) {
      opts.onEvent({ kind: "resume", id: spec.id, epoch: m.epoch, from: m.from });
    } else if (m.t === "done") done = m.status;
    else if (m.t === "skipped") skipped = m.reason;
    else if (m.t === "stopped") stopped = { epoch: m.epoch };
  });
  const stderr = readTail(child.stderr);
  const [status, , tail] = await Promise.all([child.status, stdout, stderr]);
  opts.stop?.removeEventListener("abort", forward);
  if (skipped !== null) return { id: spec.id, kind: "skipped", reason: skipped };
  // A worker that stopped when asked (or was ended by the stop's signal) loses nothing but the
  // epoch it was in: no failed report, its checkpoint stays for the rerun.
  const signalled = status.signal === "SIGTERM" || status.signal === "SIGINT";
  if (stopped !== null || (opts.stop?.aborted === true && done === null && signalled)) {
    return {
      id: spec.id,
      kind: "stopped",
      epoch: (stopped as { epoch: number | null } | null)?.epoch ?? null,
    };
  }
  // A worker that announced its report has finished the cell: a crash after that point (native
  // libraries tearing down at exit) must not replace the stored report.
  if (done !== null) {
    const read = await readReport(spec.out, spec.id);
    if (read.kind === "ok") {
      return { id: spec.id, kind: "ran", status: read.report.status, report: read.report };
    }
  }
  return await recordCrash(spec, env ?? hostEnv(spec.backend), crashReason(status, tail));
}

/** Writes the `failed` report of a cell whose worker died (if no live process has claimed it since). */
async function recordCrash(spec: WorkerSpec, env: RunEnv, reason: string): Promise<CellResult> {
  const written = await withCellClaim(spec.out, spec.id, async () => {
    const report = failedCellReport(spec, reason, { env, startedAt: new Date().toISOString() });
    await writeReport(spec.out, report);
    return report;
  });
  if (!written.claimed) return { id: spec.id, kind: "skipped", reason: "claimed" };
  return { id: spec.id, kind: "ran", status: "failed", report: written.value };
}

/** Runs every spec, at most `opts.jobs` worker processes at once; results in the order of `specs`. */
export async function runPool(specs: WorkerSpec[], opts: PoolOptions): Promise<CellResult[]> {
  const results: CellResult[] = new Array(specs.length);
  let next = 0;
  const lane = async () => {
    while (next < specs.length && opts.stop?.aborted !== true) {
      const i = next++;
      const spec = specs[i];
      if (spec === undefined) continue;
      opts.onEvent({ kind: "start", id: spec.id });
      const result = await runCell(spec, opts);
      results[i] = result;
      opts.onEvent({ kind: "end", result });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs, specs.length)) }, lane));
  return results.filter((r) => r !== undefined);
}
