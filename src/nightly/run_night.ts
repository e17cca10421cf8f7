/**
 * One night: calibrate, run the nightly set through the sweep machinery (worker processes, shards,
 * uploads), calibrate again, compare to the baseline, write and upload the verdicts.
 */
import type { Suite } from "../suite/suite.ts";
import { sizeCellWith } from "../sweep/cell_memory.ts";
import { DEFAULT_CHECKPOINT_EVERY } from "../checkpoint/checkpoint_every.ts";
import { availableMemory, readMemorySources } from "../util/available_memory.ts";
import { backendLabel, selectBackend } from "../backend/backend.ts";
import type { Report } from "../report/schema.ts";
import { writeAtomic } from "../spool/store_files.ts";
import type { UploadTarget } from "../report/upload.ts";
import { runSweep } from "../sweep/run_sweep.ts";
import { resolveShard, selectShard, type Shard } from "../sweep/shard.ts";
import type { BackendChoice } from "../backend/backend.ts";
import type { ProgramEntry } from "../util/program_entry.ts";
import { type Calibration, readBaseline } from "./baseline.ts";
import { calibrate, combineCalibrations } from "./calibration.ts";
import { anyRegressed, compare, type Verdict } from "./compare.ts";
import { compareClaims, nightClaims, rerunClaimNotes } from "./claim_verdicts.ts";
import { countVerdicts, NIGHT_SCHEMA, type NightReport } from "./night_report.ts";
import {
  expandNightly,
  NIGHTLY_SET,
  type NightlyEntry,
  type NightlyPlan,
  nightlyPointKey,
} from "./nightly_set.ts";
import { selectEntries } from "./nightly_set.ts";
import { collectStats, withRerunNoise } from "./point_stats.ts";
import { baselineNotes, rerunSummary } from "./night_notes.ts";
import { postNight } from "./post_night.ts";
import { pointLabel, verdictTable } from "./verdict_table.ts";

/** The flags of `deno task nightly` (parsed by src/cli/nightly_args.ts). */
export interface NightlyArgs {
  baseline: string;
  compare: boolean;
  upload: string | null;
  shard: string | undefined;
  out: string | null;
  jobs: number | null;
  backend: BackendChoice;
  dataDir: string | null;
  sets: string[];
  only: string[];
  /** Run every cell twice and record the rerun noise (for recording a baseline). */
  rerun: boolean;
  help: boolean;
}

/** What a night depends on besides its flags (injected by main.ts and by tests). */
export interface NightlyDeps {
  suites: readonly Suite[];
  /** The program each worker process runs (main.ts, which hands it the suites). */
  program: ProgramEntry;
  env: Record<string, string | undefined>;
  /** The set to run (default: NIGHTLY_SET). */
  entries?: readonly NightlyEntry[];
  /** The calibration benchmark (default: the tfjs matMul loop on the runs' backend). */
  calibrate?: (backend: string) => Promise<Calibration>;
  say?: (line: string) => void;
}

/** The night's verdict report inside its output folder. */
export const NIGHT_FILE = "nightly.json";
/** The night's observations (baseline format) inside its output folder. */
export const STATS_FILE = "nightly-stats.json";

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

/** Where each cell of the night belongs: its grid point key and whether that point is exact. */
interface NightCells {
  classes: Map<string, { key: string; exact: boolean }>;
  /** Grid point keys of this shard's cells. */
  expected: Set<string>;
  /** Number of this shard's cells. */
  count: number;
}

function nightCells(plans: readonly NightlyPlan[], shard: Shard): NightCells {
  const classes = new Map<string, { key: string; exact: boolean }>();
  const expected = new Set<string>();
  let count = 0;
  for (const np of plans) {
    for (const cell of np.plan.cells) {
      classes.set(cell.id, { key: nightlyPointKey(np, cell.config), exact: np.entry.exact });
    }
    const mine = selectShard(np.plan.cells, shard);
    for (const cell of mine) expected.add(classes.get(cell.id)!.key);
    count += mine.length;
  }
  return { classes, expected, count };
}

/** What every sweep of a night shares. */
interface NightRun {
  flags: NightlyArgs;
  deps: NightlyDeps;
  plans: readonly NightlyPlan[];
  shard: Shard;
  jobs: number;
  cells: NightCells;
  say: (line: string) => void;
  /** Where failed uploads are noted. */
  notes: string[];
}

/** Runs every cell of the night's plans into `dir` (uploading to `upload`); their reports. */
async function runPlans(
  night: NightRun,
  dir: string,
  upload: UploadTarget | null,
  label: string,
): Promise<Report[]> {
  const { flags, deps, say } = night;
  const reports: Report[] = [];
  for (const np of night.plans) {
    const result = await runSweep({
      plan: np.plan,
      shard: night.shard,
      out: dir,
      jobs: night.jobs,
      force: true,
      backend: flags.backend,
      dataDir: flags.dataDir,
      program: deps.program,
      upload,
      sink: null,
      sizeCell: sizeCellWith(
        deps.suites.find((s) => s.name === np.plan.suite) ?? {},
        flags.backend,
        Object.keys(np.plan.axes),
      ),
      availableMemory: availableMemory(readMemorySources(deps.env)),
      cores: navigator.hardwareConcurrency,
      checkpointEvery: DEFAULT_CHECKPOINT_EVERY,
      onEvent: (e) => {
        if (e.kind === "end" && e.result.kind === "ran") {
          const r = e.result.report;
          const seconds = (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
          const key = night.cells.classes.get(r.id)?.key ?? r.id;
          say(
            `  ${label}${pointLabel(key)} seed=${r.config.seed} ${r.status} ` +
              `(${seconds.toFixed(1)} s)`,
          );
        } else if (e.kind === "warning") say(`  warning: ${e.message}`);
      },
    });
    for (const o of result.outcomes) if ("report" in o) reports.push(o.report);
    if (result.uploadFailed > 0) {
      night.notes.push(`${result.uploadFailed} reports of ${np.entry.name} not uploaded`);
    }
  }
  return reports;
}

/**
 * Writes the night's report, prints its verdicts and, when it was `compared` with a baseline,
 * uploads them; the exit code.
 */
async function finishNight(
  night: NightReport,
  compared: boolean,
  flags: NightlyArgs,
  token: string | null,
  out: string,
  runs: number,
  say: (line: string) => void,
): Promise<number> {
  await writeAtomic(`${out}/${NIGHT_FILE}`, JSON.stringify(night, null, 1) + "\n");
  for (const note of night.notes) say(`note: ${note}`);
  if (compared) say(verdictTable(night.verdicts).join("\n"));
  say(`nightly: ${runs} runs in ${night.seconds.toFixed(1)} s; verdicts in ${out}/${NIGHT_FILE}`);
  let code = night.regressed ? 1 : 0;
  if (flags.upload !== null && compared) {
    const sent = await postNight(flags.upload, token, night);
    if (sent.ok) say(`uploaded the verdicts to ${flags.upload}/nightly/${night.id}`);
    else {
      say(`error: cannot upload the verdicts to ${flags.upload}: ${sent.error}`);
      code = 1;
    }
  }
  return code;
}

/**
 * Runs one night with `flags`; returns the exit code (0 pass, 1 regressed or failed upload). With
 * `--rerun` every cell runs a second time (into OUT/rerun, not uploaded) and the observations carry
 * each metric's rerun noise, which a baseline recorded from them compares seeds with.
 */
export async function runNight(flags: NightlyArgs, deps: NightlyDeps): Promise<number> {
  const say = deps.say ?? ((line: string) => console.log(line));
  const shard = resolveShard(flags.shard, deps.env);
  const baseline = flags.compare ? await readBaseline(flags.baseline) : null;
  const entries = selectEntries(deps.entries ?? NIGHTLY_SET, flags.only);
  const plans = expandNightly(entries, deps.suites, flags.sets, flags.dataDir);
  const started = new Date();
  const out = flags.out ?? `runs/nightly/${stamp(started)}`;
  await Deno.mkdir(out, { recursive: true });
  const cells = nightCells(plans, shard);
  const env = await selectBackend(flags.backend);
  // "blas" where the wasm backend's products run on the system BLAS; the calibration times the
  // stock wasm kernels either way (the machine's yardstick: one thread, steady under load)
  const backend = backendLabel(env);
  const timeIt = deps.calibrate ?? calibrate;
  const before = await timeIt(env.backend);
  const jobs = flags.jobs ?? (env.backend === "webgpu" ? 1 : navigator.hardwareConcurrency);
  say(
    `nightly: ${plans.length} entries, ${cells.count} cells in shard ${shard.index}/${shard.count} ` +
      `(${shard.source}); out ${out}; backend ${backend}; jobs ${jobs}; calibration ` +
      `${before.name} ${before.seconds.toFixed(4)} s`,
  );
  const token = deps.env.PLBENCH_TOKEN ?? null;
  const upload = flags.upload === null ? null : { url: flags.upload, token };
  const notes: string[] = [];
  const run: NightRun = { flags, deps, plans, shard, jobs, cells, say, notes };
  const reports = await runPlans(run, out, upload, "");
  const again = flags.rerun ? await runPlans(run, `${out}/rerun`, null, "rerun: ") : [];
  const after = await timeIt(env.backend);
  const calibration = combineCalibrations(before, after);
  const finished = new Date();
  const stats = (list: Report[]) =>
    collectStats(list, {
      set: entries.length === (deps.entries ?? NIGHTLY_SET).length
        ? "nightly"
        : "nightly (partial)",
      calibration,
      classify: (r) => cells.classes.get(r.id) ?? { key: r.id, exact: false },
      env: {
        backend,
        adapter: env.adapter,
        deno: env.deno,
        tfjs: env.tfjs,
        hostname: env.hostname,
      },
      createdAt: finished.toISOString(),
    });
  const observed = flags.rerun ? withRerunNoise(stats(reports), stats(again)) : stats(reports);
  if (flags.rerun) notes.push(rerunSummary(observed));
  const ran = new Set(plans.flatMap((np) => selectShard(np.plan.cells, shard).map((c) => c.id)));
  const judged = nightClaims(plans, deps.suites, reports, ran);
  observed.claims = judged.claims;
  if (judged.skipped.length > 0) {
    notes.push(
      `claims of ${judged.skipped.join(", ")} not judged: their cells are split across shards`,
    );
  }
  if (flags.rerun) {
    notes.push(
      ...rerunClaimNotes(judged.claims, nightClaims(plans, deps.suites, again, ran).claims),
    );
  }
  await writeAtomic(`${out}/${STATS_FILE}`, JSON.stringify(observed, null, 1) + "\n");
  const verdicts: Verdict[] = baseline === null ? [] : [
    ...compare(observed, baseline, [...cells.expected]),
    ...compareClaims(judged.claims, baseline.claims),
  ];
  if (baseline !== null) notes.push(...baselineNotes(observed, baseline, calibration, backend));
  const night: NightReport = {
    schema: NIGHT_SCHEMA,
    kind: "plbench-nightly",
    id: `${stamp(started)}-${
      env.hostname.replace(/[^A-Za-z0-9.-]/g, "_")
    }-${shard.index}of${shard.count}`,
    set: observed.set,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    seconds: (finished.getTime() - started.getTime()) / 1000,
    shard: { index: shard.index, count: shard.count },
    hostname: env.hostname,
    backend,
    calibration,
    baseline: baseline === null
      ? { path: "(none)", createdAt: "", calibration }
      : { path: flags.baseline, createdAt: baseline.createdAt, calibration: baseline.calibration },
    counts: countVerdicts(verdicts),
    regressed: anyRegressed(verdicts),
    verdicts,
    notes,
  };
  return await finishNight(night, baseline !== null, flags, token, out, reports.length, say);
}
