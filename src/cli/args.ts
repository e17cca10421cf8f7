/**
 * Flags of `deno task sweep`, parsed with `node:util` parseArgs (strict: unknown flags are refused).
 */
import { parseArgs } from "node:util";
import { UsageError } from "../sweep/usage_error.ts";

/** Parsed sweep flags (values still raw where a suite must validate them). */
export interface SweepArgs {
  suite: string | null;
  sets: string[];
  grids: string[];
  backend: "auto" | "webgpu" | "wasm" | "cpu";
  outs: string[];
  shard: string | undefined;
  jobs: number | null;
  force: boolean;
  upload: string | null;
  db: string | null;
  /** Whether --db was given (a sharded run writes no local db unless asked). */
  dbGiven: boolean;
  dataDir: string | null;
  quiet: boolean;
  list: boolean;
  help: boolean;
}

const BACKENDS = ["auto", "webgpu", "wasm", "cpu"] as const;

/** Default local SQLite file a single-machine sweep also writes to. */
export const DEFAULT_DB = "plbench.db";

/** Parses the flags of `sweep`; throws UsageError on an unknown flag or a bad value. */
export function parseSweepArgs(args: string[]): SweepArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        suite: { type: "string" },
        set: { type: "string", multiple: true },
        grid: { type: "string", multiple: true },
        backend: { type: "string" },
        out: { type: "string", multiple: true },
        shard: { type: "string" },
        jobs: { type: "string" },
        force: { type: "boolean" },
        upload: { type: "string" },
        db: { type: "string" },
        "no-db": { type: "boolean" },
        "data-dir": { type: "string" },
        quiet: { type: "boolean" },
        list: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split("\n")[0]} (see --help)`);
  }
  const v = parsed.values;
  const backend = v.backend ?? "auto";
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    throw new UsageError(`Unknown backend '${backend}': expected one of ${BACKENDS.join(", ")}`);
  }
  let jobs: number | null = null;
  if (v.jobs !== undefined) {
    if (!/^\d+$/.test(v.jobs) || Number(v.jobs) < 1) {
      throw new UsageError(`Invalid --jobs '${v.jobs}': expected a whole number >= 1`);
    }
    jobs = Number(v.jobs);
  }
  if (v.db !== undefined && v["no-db"] === true) {
    throw new UsageError("--db and --no-db contradict each other; give one");
  }
  if (v.upload !== undefined && !/^https?:\/\/[^/]/.test(v.upload)) {
    throw new UsageError(`Invalid --upload '${v.upload}': expected an http:// or https:// URL`);
  }
  return {
    suite: v.suite ?? null,
    sets: v.set ?? [],
    grids: v.grid ?? [],
    backend: backend as SweepArgs["backend"],
    outs: v.out ?? ["runs"],
    shard: v.shard,
    jobs,
    force: v.force ?? false,
    upload: v.upload ?? null,
    db: v["no-db"] === true ? null : v.db ?? DEFAULT_DB,
    dbGiven: v.db !== undefined,
    dataDir: v["data-dir"] ?? null,
    quiet: v.quiet ?? false,
    list: v.list ?? false,
    help: v.help ?? false,
  };
}
