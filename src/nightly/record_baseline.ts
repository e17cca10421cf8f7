/**
 * `deno task baseline`: records a new baseline from finished nights (their nightly-stats.json;
 * the folders of several shards are merged) and prints what changes against the old baseline.
 */
import { writeAtomic } from "../spool/store_files.ts";
import { UsageError } from "../util/usage_error.ts";
import { type Baseline, BaselineError, parseBaseline, readBaseline } from "./baseline.ts";
import { compare } from "./compare.ts";
import { compareClaims } from "./claim_verdicts.ts";
import { STATS_FILE } from "./run_night.ts";
import { describeValues } from "./point_stats.ts";
import { verdictTable } from "./verdict_table.ts";

/** The flags of `deno task baseline` (parsed by src/cli/nightly_args.ts). */
export interface BaselineArgs {
  from: string[];
  out: string;
  help: boolean;
}

/**
 * Merges the observations of several shards of one night into one (seeds of a point united, the
 * claims each shard judged on its whole entries gathered).
 */
export function mergeStats(parts: Baseline[]): Baseline {
  const first = parts[0];
  if (first === undefined) throw new RangeError("mergeStats() needs at least one part");
  const merged: Baseline = structuredClone(first);
  for (const part of parts.slice(1)) {
    for (const [key, point] of Object.entries(part.points)) {
      const into = merged.points[key];
      if (into === undefined) {
        merged.points[key] = structuredClone(point);
        continue;
      }
      into.seeds = [...new Set([...into.seeds, ...point.seeds])].sort((a, b) => a - b);
      into.runs = { ...into.runs, ...point.runs };
      for (const [name, m] of Object.entries(point.metrics)) {
        const before = into.metrics[name];
        const values = { ...(before?.values ?? {}), ...m.values };
        const reruns = [before?.rerun, m.rerun].filter((r): r is number => r !== undefined);
        into.metrics[name] = reruns.length > 0
          ? { ...describeValues(values), rerun: Math.max(...reruns) }
          : describeValues(values);
      }
    }
  }
  const claims = Object.assign({}, ...parts.map((p) => p.claims ?? {}));
  if (Object.keys(claims).length > 0) merged.claims = claims;
  const seconds = parts.reduce((s, p) => s + p.calibration.seconds, 0) / parts.length;
  merged.calibration = { name: first.calibration.name, seconds };
  return merged;
}

async function newestNight(root: string): Promise<string> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(root)) if (e.isDirectory) names.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  for (const name of names.sort().reverse()) {
    try {
      await Deno.stat(`${root}/${name}/${STATS_FILE}`);
      return `${root}/${name}`;
    } catch {
      // an unfinished night: try the one before
    }
  }
  throw new UsageError(
    `No finished night under ${root}/: run 'deno task nightly' first or give --from DIR`,
  );
}

async function readStats(dir: string): Promise<Baseline> {
  const path = `${dir}/${STATS_FILE}`;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new UsageError(
        `Invalid --from '${dir}': it holds no ${STATS_FILE} (not a finished night)`,
      );
    }
    throw e;
  }
  return parseBaseline(text, path);
}

/** Records the baseline; returns the exit code. */
export async function recordBaseline(
  flags: BaselineArgs,
  say: (line: string) => void,
): Promise<number> {
  const dirs = flags.from.length > 0 ? flags.from : [await newestNight("runs/nightly")];
  const fresh = mergeStats(await Promise.all(dirs.map(readStats)));
  const points = Object.values(fresh.points);
  const incomplete = points.filter((p) => (p.metrics.completeRuns?.mean ?? 0) < 1).length;
  if (incomplete > 0) say(`warning: ${incomplete} grid points have runs that did not complete`);
  let old: Baseline | null = null;
  try {
    old = await readBaseline(flags.out);
  } catch (e) {
    if (!(e instanceof BaselineError)) throw e;
    say(`no usable old baseline (${e.message}); recording from scratch`);
  }
  if (old !== null) {
    const verdicts = [...compare(fresh, old), ...compareClaims(fresh.claims ?? {}, old.claims)];
    const removed = Object.keys(old.points).filter((k) => fresh.points[k] === undefined);
    const changed = verdicts.filter((v) => v.verdict !== "pass");
    say(`changes against the old baseline ${flags.out} (recorded ${old.createdAt}):`);
    if (changed.length === 0 && removed.length === 0) say("  none beyond the tolerances");
    else say(verdictTable(verdicts).join("\n"));
    for (const key of removed) say(`  removed grid point ${key}`);
    say(
      `  calibration ${old.calibration.seconds.toFixed(4)} s -> ${
        fresh.calibration.seconds.toFixed(4)
      } s`,
    );
  }
  const slash = flags.out.lastIndexOf("/");
  if (slash > 0) await Deno.mkdir(flags.out.slice(0, slash), { recursive: true });
  await writeAtomic(flags.out, JSON.stringify(fresh, null, 2) + "\n");
  say(`recorded ${points.length} grid points from ${dirs.join(", ")} into ${flags.out}`);
  return 0;
}
