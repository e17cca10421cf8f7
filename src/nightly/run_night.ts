/**
 * One night: calibrate, run the nightly set through the sweep machinery (worker processes, shards,
 * uploads), calibrate again, compare to the baseline, write and upload the verdicts.
 */
import type { Suite } from "../../suites/suite.ts";
import { selectBackend } from "../backend/backend.ts";
import type { Report } from "../report/schema.ts";
import { writeAtomic } from "../report/store_files.ts";
import { runSweep } from "../sweep/run_sweep.ts";
import { resolveShard, selectShard } from "../sweep/shard.ts";
import type { NightlyArgs } from "./args.ts";
import { type Baseline, type Calibration, readBaseline } from "./baseline.ts";
import { calibrate, combineCalibrations } from "./calibration.ts";
import { anyRegressed, compare, type Verdict } from "./compare.ts";
import { compareClaims, nightClaims, rerunClaimNotes } from "./claim_verdicts.ts";
import { countVerdicts, NIGHT_SCHEMA, type NightReport } from "./night_report.ts";
import { expandNightly, NIGHTLY_SET, type NightlyEntry, nightlyPointKey } from "./nightly_set.ts";
import { selectEntries } from "./nightly_set.ts";
import { collectStats, withRerunNoise } from "./stats.ts";
import { postNight } from "./post_night.ts";
import { pointLabel, verdictTable } from "./verdict_table.ts";

/** What a night depends on besides its flags (injected by main.ts and by tests). */
export interface NightlyDeps {
  suites: readonly Suite[];
  suitesModule: string;
  configPath: string;
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

/** Differences between the configs of the night's points and the baseline's, as notes. */
export function configNotes(observed: Baseline, baseline: Baseline): string[] {
  const notes: string[] = [];
  for (const [key, point] of Object.entries(observed.points)) {
    const base = baseline.points[key];
    if (base === undefined) continue;
    const keys = new Set([...Object.keys(point.config), ...Object.keys(base.config)]);
    const diffs = [...keys].filter((k) => point.config[k] !== base.config[k])
      .map((k) => `${k} ${base.config[k] ?? "(unset)"} -> ${point.config[k] ?? "(unset)"}`);
    if (diffs.length > 0) {
      notes.push(`config of ${key} differs from the baseline: ${diffs.join(", ")}`);
    }
  }
  return notes;
}

/** One line on the measured rerun noise: how many metrics reproduced exactly. */
export function rerunSummary(observed: Baseline): string {
  let exact = 0;
  const noisy: string[] = [];
  for (const point of Object.values(observed.points)) {
    for (const [name, m] of Object.entries(point.metrics)) {
      if (m.rerun === undefined) continue;
      if (m.rerun === 0) exact++;
      else noisy.push(name);
    }
  }
  const names = [...new Set(noisy)].sort();
  return `rerun noise: ${exact} metric values reproduced exactly, ${noisy.length} did not` +
    (names.length > 0 ? ` (${names.join(", ")})` : "");
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
  const classes = new Map<string, { key: string; exact: boolean }>();
  const expected = new Set<string>();
  for (const np of plans) {
    for (const cell of np.plan.cells) {
      const key = nightlyPointKey(np, cell.config);
      classes.set(cell.id, { key, exact: np.entry.exact });
    }
    for (const cell of selectShard(np.plan.cells, shard)) expected.add(classes.get(cell.id)!.key);
  }
  const cellCount = plans.reduce((s, np) => s + selectShard(np.plan.cells, shard).length, 0);
  const env = await selectBackend(flags.backend);
  const timeIt = deps.calibrate ?? calibrate;
  const before = await timeIt(env.backend);
  const jobs = flags.jobs ?? (env.backend === "webgpu" ? 1 : navigator.hardwareConcurrency);
  say(
    `nightly: ${plans.length} entries, ${cellCount} cells in shard ${shard.index}/${shard.count} ` +
      `(${shard.source}); out ${out}; backend ${env.backend}; jobs ${jobs}; calibration ` +
      `${before.name} ${before.seconds.toFixed(4)} s`,
  );
  const token = deps.env.PLBENCH_TOKEN ?? null;
  const upload = flags.upload === null ? null : { url: flags.upload, token };
  const notes: string[] = [];
  const runAll = async (dir: string, send: typeof upload, label: string): Promise<Report[]> => {
    const reports: Report[] = [];
    for (const np of plans) {
      const result = await runSweep({
        plan: np.plan,
        shard,
        out: dir,
        jobs,
        force: true,
        backend: flags.backend,
        dataDir: flags.dataDir,
        suitesModule: deps.suitesModule,
        configPath: deps.configPath,
        upload: send,
        sink: null,
        onEvent: (e) => {
          if (e.kind === "end" && e.result.kind === "ran") {
            const r = e.result.report;
            const seconds = (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
            const key = classes.get(r.id)?.key ?? r.id;
            say(
              `  ${label}${pointLabel(key)} seed=${r.config.seed} ${r.status} ` +
                `(${seconds.toFixed(1)} s)`,
            );
          } else if (e.kind === "warning") say(`  warning: ${e.message}`);
        },
      });
      for (const o of result.outcomes) if ("report" in o) reports.push(o.report);
      if (result.uploadFailed > 0) {
        notes.push(`${result.uploadFailed} reports of ${np.entry.name} not uploaded`);
      }
    }
    return reports;
  };
  const reports = await runAll(out, upload, "");
  const again = flags.rerun ? await runAll(`${out}/rerun`, null, "rerun: ") : [];
  const after = await timeIt(env.backend);
  const calibration = combineCalibrations(before, after);
  const finished = new Date();
  const stats = (list: Report[]) =>
    collectStats(list, {
      set: entries.length === (deps.entries ?? NIGHTLY_SET).length
        ? "nightly"
        : "nightly (partial)",
      calibration,
      classify: (r) => classes.get(r.id) ?? { key: r.id, exact: false },
      env: {
        backend: env.backend,
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
    ...compare(observed, baseline, [...expected]),
    ...compareClaims(judged.claims, baseline.claims),
  ];
  if (baseline !== null) {
    notes.push(...configNotes(observed, baseline));
    if (baseline.calibration.name !== calibration.name) {
      notes.push(
        `calibration ${calibration.name} differs from the baseline's ` +
          `${baseline.calibration.name}: speed not compared`,
      );
    }
    if (baseline.env.backend !== env.backend) {
      notes.push(`backend ${env.backend} differs from the baseline's ${baseline.env.backend}`);
    }
  }
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
    backend: env.backend,
    calibration,
    baseline: baseline === null
      ? { path: "(none)", createdAt: "", calibration }
      : { path: flags.baseline, createdAt: baseline.createdAt, calibration: baseline.calibration },
    counts: countVerdicts(verdicts),
    regressed: anyRegressed(verdicts),
    verdicts,
    notes,
  };
  await writeAtomic(`${out}/${NIGHT_FILE}`, JSON.stringify(night, null, 1) + "\n");
  for (const note of notes) say(`note: ${note}`);
  if (baseline !== null) say(verdictTable(verdicts).join("\n"));
  say(
    `nightly: ${reports.length} runs in ${
      night.seconds.toFixed(1)
    } s; verdicts in ${out}/${NIGHT_FILE}`,
  );
  let code = night.regressed ? 1 : 0;
  if (flags.upload !== null && baseline !== null) {
    const sent = await postNight(flags.upload, token, night);
    if (sent.ok) say(`uploaded the verdicts to ${flags.upload}/nightly/${night.id}`);
    else {
      say(`error: cannot upload the verdicts to ${flags.upload}: ${sent.error}`);
      code = 1;
    }
  }
  return code;
}
