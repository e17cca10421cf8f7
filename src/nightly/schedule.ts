/**
 * Scheduling of nightly regressions inside the dashboard process: `Deno.cron` fires, and the night
 * runs in a subprocess, so a crash or an out-of-memory kill of the run cannot take the dashboard down.
 */
import { denoRunCommand, type ProgramEntry } from "../util/program_entry.ts";

/** The handler signature `Deno.cron` calls. */
export type CronHandler = () => Promise<void>;

/** `Deno.cron`'s shape (injectable so the firing path is tested without waiting for a minute). */
export type CronFunction = (
  name: string,
  schedule: string,
  options: { signal?: AbortSignal },
  handler: CronHandler,
) => Promise<void>;

/** How one scheduled run ended. */
export interface NightlyRun {
  startedAt: string;
  finishedAt: string;
  /** Exit code of the subprocess (null if it was killed by a signal). */
  code: number | null;
  signal: string | null;
  /** Path of the log holding the subprocess's stdout and stderr, or null when not kept. */
  log: string | null;
}

/** Runs one night; resolves with how the run ended and never rejects for a failing run. */
export type RunCommand = () => Promise<NightlyRun>;

/** A cron expression with five fields (minute hour day-of-month month day-of-week). */
export function checkCronExpression(expr: string): string {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 || !fields.every((f) => /^[0-9*,/\-A-Za-z]+$/.test(f))) {
    throw new RangeError(
      `Invalid --nightly schedule '${expr}': expected a cron expression with five fields, ` +
        `e.g. "0 3 * * *" (03:00 UTC every day)`,
    );
  }
  return fields.join(" ");
}

/** The command of a night: `entry` (main.ts) run as `nightly` with `args`, on this Deno. */
export function nightlyCommandLine(entry: ProgramEntry, args: string[]): string[] {
  return denoRunCommand(entry, ["nightly", ...args]);
}

/**
 * A RunCommand that spawns `command` as a subprocess, appending its stdout and stderr to `logFile`
 * (when given), with `env` added to the inherited environment. A spawn failure is reported as code
 * 127, never thrown.
 */
export function subprocessRunner(
  command: string[],
  logFile: string | null = null,
  env: Record<string, string> = {},
): RunCommand {
  return async () => {
    const startedAt = new Date().toISOString();
    const [program, ...args] = command;
    if (program === undefined) throw new RangeError("Cannot run nightly: empty command");
    let code: number | null = 127;
    let signal: string | null = null;
    const log = logFile === null ? null : await Deno.open(logFile, { create: true, append: true });
    try {
      const child = new Deno.Command(program, {
        args,
        env,
        stdin: "null",
        stdout: log === null ? "inherit" : "piped",
        stderr: log === null ? "inherit" : "piped",
      }).spawn();
      if (log !== null) {
        const header = new TextEncoder().encode(`# ${startedAt} ${command.join(" ")}\n`);
        await log.write(header);
        await Promise.all([copy(child.stdout, log), copy(child.stderr, log)]);
      }
      const status = await child.status;
      code = status.signal === null ? status.code : null;
      signal = status.signal;
    } catch (e) {
      if (log !== null) await log.write(new TextEncoder().encode(`spawn failed: ${e}\n`));
    } finally {
      log?.close();
    }
    return { startedAt, finishedAt: new Date().toISOString(), code, signal, log: logFile };
  };
}

async function copy(stream: ReadableStream<Uint8Array>, file: Deno.FsFile): Promise<void> {
  for await (const chunk of stream) await file.write(chunk);
}

/** What `scheduleNightly` returns: the registration and the history of runs it started. */
export interface NightlySchedule {
  schedule: string;
  /** Settles when the cron job is unregistered (after `stop()`). */
  registered: Promise<void>;
  runs: NightlyRun[];
  /** Resolves when the run in progress (if any) ends. */
  idle(): Promise<void>;
  stop(): void;
}

/** Options of `scheduleNightly`. */
export interface ScheduleOptions {
  /** Defaults to `Deno.cron` (needs `--unstable-cron`). */
  cron?: CronFunction;
  /** Called after each run (e.g. to log it). */
  onRun?: (run: NightlyRun) => void;
}

/**
 * Registers the nightly job with cron under the name "plbench-nightly". A firing while the previous
 * night still runs is skipped (and logged), so nights never overlap.
 *
 * @example scheduleNightly("0 3 * * *", subprocessRunner(nightlyCommandLine(entry, ["--upload", url])))
 */
export function scheduleNightly(
  cronExpr: string,
  runCommand: RunCommand,
  options: ScheduleOptions = {},
): NightlySchedule {
  const schedule = checkCronExpression(cronExpr);
  const cron = options.cron ?? denoCron();
  const controller = new AbortController();
  const runs: NightlyRun[] = [];
  let current: Promise<void> | null = null;
  const handler: CronHandler = async () => {
    if (current !== null) {
      console.warn("nightly: the previous run is still going; skipping this firing");
      return;
    }
    current = runCommand().then((run) => {
      runs.push(run);
      options.onRun?.(run);
    }).finally(() => {
      current = null;
    });
    await current;
  };
  const registered = cron("plbench-nightly", schedule, { signal: controller.signal }, handler);
  return {
    schedule,
    registered,
    runs,
    idle: () => current ?? Promise.resolve(),
    stop: () => controller.abort(),
  };
}

function denoCron(): CronFunction {
  const cron = (Deno as unknown as { cron?: CronFunction }).cron;
  if (typeof cron !== "function") {
    throw new Error("Cannot schedule nightly runs: Deno.cron needs the --unstable-cron flag");
  }
  return cron.bind(Deno);
}

/** Options of `startNightlySchedule`. */
export interface NightlyServeOptions {
  /** Where each night's output is appended (default runs/nightly/scheduled.log). */
  logFile?: string;
  /** Extra flags of each night (e.g. `--only`, `--baseline`). */
  extraArgs?: string[];
  /** Defaults to `Deno.cron`. */
  cron?: CronFunction;
}

/**
 * What `deno task serve --nightly EXPR` starts: the nightly job on `cronExpr`, each night a
 * subprocess of `entry` (main.ts) run as `nightly --upload <dashboardUrl>` (the token passed in its
 * environment), its output appended to the log file.
 */
export function startNightlySchedule(
  cronExpr: string,
  entry: ProgramEntry,
  dashboardUrl: string,
  token: string | null,
  options: NightlyServeOptions = {},
): NightlySchedule {
  const logFile = options.logFile ?? "runs/nightly/scheduled.log";
  const slash = logFile.lastIndexOf("/");
  if (slash > 0) Deno.mkdirSync(logFile.slice(0, slash), { recursive: true });
  const env: Record<string, string> = token === null ? {} : { PLBENCH_TOKEN: token };
  const args = ["--upload", dashboardUrl, ...(options.extraArgs ?? [])];
  const runner = subprocessRunner(nightlyCommandLine(entry, args), logFile, env);
  const schedule = scheduleNightly(cronExpr, runner, {
    cron: options.cron,
    onRun: (run) =>
      console.log(
        `nightly run ${run.startedAt} ended with code ${run.code ?? run.signal}; log ${logFile}`,
      ),
  });
  console.log(`nightly regressions scheduled at "${schedule.schedule}" (UTC); log ${logFile}`);
  return schedule;
}
