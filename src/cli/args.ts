/**
 * Flags of `deno task sweep`, parsed with @std/cli's parseArgs through parseFlags (strict: unknown
 * flags are refused with Node's messages).
 */
import { type BackendChoice, parseBackendChoice } from "../backend/backend.ts";
import { parseFlags } from "../util/strict_flags.ts";
import { UsageError } from "../util/usage_error.ts";
import {
  type CheckpointEvery,
  DEFAULT_CHECKPOINT_EVERY,
  parseCheckpointEvery,
} from "../checkpoint/checkpoint_every.ts";

/** Parsed sweep flags (values still raw where a suite must validate them). */
export interface SweepArgs {
  suite: string | null;
  sets: string[];
  grids: string[];
  backend: BackendChoice;
  outs: string[];
  shard: string | undefined;
  jobs: number | null;
  force: boolean;
  upload: string | null;
  db: string | null;
  /** Whether --db was given (a sharded run writes no local db unless asked). */
  dbGiven: boolean;
  dataDir: string | null;
  /** When running cells write checkpoints (`--checkpoint-every`). */
  checkpointEvery: CheckpointEvery;
  quiet: boolean;
  list: boolean;
  help: boolean;
}

/** Default local SQLite file a single-machine sweep also writes to. */
export const DEFAULT_DB = "plbench.db";

/** Parses the flags of `sweep`; throws UsageError on an unknown flag or a bad value. */
export function parseSweepArgs(args: string[]): SweepArgs {
  let parsed;
  try {
    parsed = parseFlags(args, {
      string: ["suite", "backend", "shard", "jobs", "upload", "db", "data-dir", "checkpoint-every"],
      collect: ["set", "grid", "out"],
      boolean: ["force", "no-db", "quiet", "list", "help"],
      short: { h: "help" },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split("\n")[0]} (see --help)`);
  }
  const v = parsed.strings;
  const lists = parsed.lists;
  const flag = parsed.booleans;
  let backend: BackendChoice;
  try {
    backend = parseBackendChoice(v.backend ?? "auto");
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  let jobs: number | null = null;
  if (v.jobs !== undefined) {
    if (!/^\d+$/.test(v.jobs) || Number(v.jobs) < 1) {
      throw new UsageError(`Invalid --jobs '${v.jobs}': expected a whole number >= 1`);
    }
    jobs = Number(v.jobs);
  }
  if (v.db !== undefined && flag["no-db"]) {
    throw new UsageError("--db and --no-db contradict each other; give one");
  }
  let checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
  try {
    const every = v["checkpoint-every"];
    if (every !== undefined) checkpointEvery = parseCheckpointEvery(every);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (v.upload !== undefined && !/^https?:\/\/[^/]/.test(v.upload)) {
    throw new UsageError(`Invalid --upload '${v.upload}': expected an http:// or https:// URL`);
  }
  return {
    suite: v.suite ?? null,
    sets: lists.set!,
    grids: lists.grid!,
    backend,
    outs: lists.out!.length > 0 ? lists.out! : ["runs"],
    shard: v.shard,
    jobs,
    force: flag.force!,
    upload: v.upload ?? null,
    db: flag["no-db"] ? null : v.db ?? DEFAULT_DB,
    dbGiven: v.db !== undefined,
    dataDir: v["data-dir"] ?? null,
    checkpointEvery,
    quiet: flag.quiet!,
    list: flag.list!,
    help: flag.help!,
  };
}
