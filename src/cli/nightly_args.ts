/**
 * Flags of `deno task nightly` and `deno task baseline`, parsed with @std/cli's `parseArgs` through
 * parseFlags (strict, with Node's messages); bad flags are UsageErrors (exit code 2).
 */
import { type FlagSpec, parseFlags } from "../util/strict_flags.ts";
import { type BackendChoice, parseBackendChoice } from "../backend/backend.ts";
import { UsageError } from "../util/usage_error.ts";
import type { NightlyArgs } from "../nightly/run_night.ts";
import type { BaselineArgs } from "../nightly/record_baseline.ts";

export type { BaselineArgs, NightlyArgs };

/** The project's recorded baseline (fixtures/baselines/nightly.json), wherever the command runs. */
export const DEFAULT_BASELINE = projectRelative("fixtures/baselines/nightly.json");

function projectRelative(path: string): string {
  const absolute = new URL(`../../${path}`, import.meta.url).pathname;
  const cwd = Deno.cwd() + "/";
  return absolute.startsWith(cwd) ? absolute.slice(cwd.length) : absolute;
}

/** The flags as one record of values (lists and booleans beside the strings). */
function parse(args: string[], spec: FlagSpec): { values: Record<string, unknown> } {
  try {
    const { strings, lists, booleans } = parseFlags(args, { ...spec, short: { h: "help" } });
    return { values: { ...strings, ...lists, ...booleans } };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function positiveInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new UsageError(`Invalid ${flag} '${text}': expected a whole number >= 1`);
  }
  return Number(text);
}

function checkUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") return text;
  } catch {
    // reported below
  }
  throw new UsageError(`Invalid --upload '${text}': expected an http(s) URL of the dashboard`);
}

/** Parses the flags of `nightly` (without the command word). */
export function parseNightlyArgs(args: string[]): NightlyArgs {
  const { values } = parse(args, {
    string: ["baseline", "upload", "shard", "out", "jobs", "backend", "data-dir"],
    collect: ["set", "only"],
    boolean: ["no-compare", "rerun", "help"],
  });
  let backend: BackendChoice = "auto";
  if (typeof values.backend === "string") {
    try {
      backend = parseBackendChoice(values.backend);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    baseline: str(values.baseline) ?? DEFAULT_BASELINE,
    compare: values["no-compare"] !== true,
    upload: values.upload === undefined ? null : checkUrl(String(values.upload)),
    shard: str(values.shard) ?? undefined,
    out: str(values.out),
    jobs: values.jobs === undefined ? null : positiveInt("--jobs", String(values.jobs)),
    backend,
    dataDir: str(values["data-dir"]),
    sets: list(values.set),
    only: list(values.only).flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s),
    rerun: values.rerun === true,
    help: values.help === true,
  };
}

/** Parses the flags of `baseline` (without the command word). */
export function parseBaselineArgs(args: string[]): BaselineArgs {
  const { values } = parse(args, { string: ["out"], collect: ["from"], boolean: ["help"] });
  return {
    from: Array.isArray(values.from) ? values.from.map(String) : [],
    out: typeof values.out === "string" ? values.out : DEFAULT_BASELINE,
    help: values.help === true,
  };
}

/** Help text of both commands. */
export const NIGHTLY_USAGE = `Usage:
  deno task nightly [--baseline FILE] [--upload URL] [--shard i/N] [--out DIR] [--jobs P]
                    [--backend auto|webgpu|blas|wasm|cpu] [--data-dir DIR] [--set key=value ...]
                    [--only ENTRY ...] [--no-compare] [--rerun]
    Runs the nightly set, compares every summary metric of every grid point to the baseline
    (default ${DEFAULT_BASELINE}), writes DIR/nightly.json (verdicts) and DIR/nightly-stats.json
    (observations), prints a table and uploads both runs and verdicts with --upload (token from
    PLBENCH_TOKEN). Exit code 1 when anything regressed, 2 for bad input or a bad baseline.
    --set changes a value in every entry whose suite has the key; --only keeps some entries.
    --rerun runs every cell a second time and records each metric's rerun noise, so that a
    baseline recorded from the night compares each seed with its own value within 3 x that noise.
  deno task baseline [--from DIR ...] [--out FILE]
    Records a new baseline (default ${DEFAULT_BASELINE}) from finished nightly runs (their
    nightly-stats.json; several --from folders of shards are merged; default: the newest folder
    under runs/nightly), printing what changes against the old baseline.
`;
