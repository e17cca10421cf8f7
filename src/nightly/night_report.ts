/**
 * The verdict report of one night: what `deno task nightly` writes to `<out>/nightly.json`, prints
 * as a table and uploads to the dashboard's `POST /api/nightly`.
 */
import type { Calibration } from "./baseline.ts";
import type { Verdict, VerdictKind } from "./compare.ts";
import { boundsViolation, STORED_VALUE_LIMITS } from "../report/bounded_json.ts";
import {
  describeValue,
  expectInteger,
  expectIsoDate,
  expectName,
  expectNumber,
  expectObject,
  expectScalar,
  expectText,
} from "../report/field_rules.ts";

/** Current schema version of a night report. */
export const NIGHT_SCHEMA = 1;

/** Counts of verdicts by kind. */
export type VerdictCounts = Record<VerdictKind, number>;

/** One night's verdicts and where they came from. */
export interface NightReport {
  schema: typeof NIGHT_SCHEMA;
  kind: "plbench-nightly";
  /** Unique per night and shard. */
  id: string;
  set: string;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  shard: { index: number; count: number };
  hostname: string;
  backend: string;
  calibration: Calibration;
  baseline: { path: string; createdAt: string; calibration: Calibration };
  counts: VerdictCounts;
  regressed: boolean;
  verdicts: Verdict[];
  notes: string[];
}

/** Verdict counts by kind. */
export function countVerdicts(verdicts: Verdict[]): VerdictCounts {
  const counts: VerdictCounts = { pass: 0, regressed: 0, improved: 0, new: 0 };
  for (const v of verdicts) counts[v.verdict]++;
  return counts;
}

/** A night report that does not match the format; `field` is a dotted path. */
export class NightReportError extends Error {
  constructor(readonly field: string, expected: string, got: unknown) {
    super(`Invalid night report: field '${field}' must be ${expected}, got ${describeValue(got)}`);
    this.name = "NightReportError";
  }
}

const KINDS: readonly string[] = ["pass", "regressed", "improved", "new"];
const DIRECTIONS: readonly string[] = ["higher-is-worse", "lower-is-worse", "neutral"];

type Obj = Record<string, unknown>;

function rule(expected: string | null, field: string, got: unknown): void {
  if (expected !== null) throw new NightReportError(field, expected, got);
}

function obj(v: unknown, field: string): Obj {
  rule(expectObject(v), field, v);
  return v as Obj;
}

function numOrNull(v: unknown, field: string): void {
  if (v !== null) rule(expectNumber(v) === null ? null : "a finite number or null", field, v);
}

function calibration(v: unknown, field: string): void {
  const c = obj(v, field);
  rule(expectName(c.name), `${field}.name`, c.name);
  rule(expectNumber(c.seconds, { min: 0, max: 1e6 }), `${field}.seconds`, c.seconds);
}

/** A grid point key: the canonical JSON of an object of configuration values. */
function pointKeyProblem(key: unknown): string | null {
  const expected = "the JSON text of an object of configuration values";
  if (typeof key !== "string" || key.length > 4096) return expected;
  let config: unknown;
  try {
    config = JSON.parse(key);
  } catch {
    return expected;
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) return expected;
  return Object.values(config).every((v) => expectScalar(v) === null) ? null : expected;
}

function verdict(value: unknown, f: string): void {
  const v = obj(value, f);
  rule(pointKeyProblem(v.point), `${f}.point`, v.point);
  for (const key of ["suite", "metric"]) rule(expectName(v[key]), `${f}.${key}`, v[key]);
  if (!KINDS.includes(v.verdict as string)) {
    throw new NightReportError(`${f}.verdict`, `one of ${KINDS.join(", ")}`, v.verdict);
  }
  if (!DIRECTIONS.includes(v.direction as string)) {
    throw new NightReportError(`${f}.direction`, `one of ${DIRECTIONS.join(", ")}`, v.direction);
  }
  for (const key of ["observed", "baseline", "tolerance"]) numOrNull(v[key], `${f}.${key}`);
  if (!Array.isArray(v.seeds)) throw new NightReportError(`${f}.seeds`, "an array", v.seeds);
  v.seeds.forEach((s, i) =>
    rule(expectInteger(s, 0, Number.MAX_SAFE_INTEGER), `${f}.seeds.${i}`, s)
  );
  const runs = obj(v.runs, `${f}.runs`);
  for (const [seed, id] of Object.entries(runs)) rule(expectName(id), `${f}.runs.${seed}`, id);
  if (v.note !== null) rule(expectText(v.note, 4096), `${f}.note`, v.note);
}

/**
 * One verdict per (grid point, metric): the dashboard keeps one per pair (its history has one value
 * per night), so a night repeating a pair would count verdicts its rows do not hold.
 */
function onePerPair(verdicts: readonly Verdict[]): void {
  const first = new Map<string, number>();
  verdicts.forEach((v, i) => {
    const key = JSON.stringify([v.point, v.metric]);
    const j = first.get(key);
    if (j !== undefined) {
      throw new NightReportError(
        `verdicts.${i}`,
        `a (point, metric) pair not judged before (verdicts.${j} judges ${v.metric} at this point)`,
        { point: v.point, metric: v.metric },
      );
    }
    first.set(key, i);
  });
}

/**
 * Checks an uploaded night report against the format and the limits every stored value keeps
 * (src/report/bounded_json.ts); throws `NightReportError` naming the first bad field.
 */
export function validateNightReport(data: unknown): NightReport {
  const outside = boundsViolation(data, STORED_VALUE_LIMITS, "(root)");
  if (outside !== null) throw new NightReportError(outside.field, outside.expected, outside.got);
  const night = obj(data, "(root)");
  if (night.schema !== NIGHT_SCHEMA) {
    throw new NightReportError("schema", `${NIGHT_SCHEMA}`, night.schema);
  }
  if (night.kind !== "plbench-nightly") {
    throw new NightReportError("kind", '"plbench-nightly"', night.kind);
  }
  if (typeof night.id !== "string" || !/^[A-Za-z0-9._:-]{1,128}$/.test(night.id)) {
    throw new NightReportError("id", "1-128 letters, digits, '.', '_', ':' or '-'", night.id);
  }
  for (const key of ["set", "hostname", "backend"]) rule(expectName(night[key]), key, night[key]);
  for (const key of ["startedAt", "finishedAt"]) rule(expectIsoDate(night[key]), key, night[key]);
  rule(expectNumber(night.seconds, { min: 0, max: 1e7 }), "seconds", night.seconds);
  const shard = obj(night.shard, "shard");
  rule(expectInteger(shard.count, 1, 1_000_000), "shard.count", shard.count);
  rule(expectInteger(shard.index, 0, (shard.count as number) - 1), "shard.index", shard.index);
  calibration(night.calibration, "calibration");
  const baseline = obj(night.baseline, "baseline");
  rule(expectText(baseline.path, 4096), "baseline.path", baseline.path);
  rule(expectIsoDate(baseline.createdAt), "baseline.createdAt", baseline.createdAt);
  calibration(baseline.calibration, "baseline.calibration");
  if (typeof night.regressed !== "boolean") {
    throw new NightReportError("regressed", "true or false", night.regressed);
  }
  if (!Array.isArray(night.verdicts)) {
    throw new NightReportError("verdicts", "an array", night.verdicts);
  }
  night.verdicts.forEach((v: unknown, i: number) => verdict(v, `verdicts.${i}`));
  onePerPair(night.verdicts as Verdict[]);
  const counts = countVerdicts(night.verdicts as Verdict[]);
  const given = obj(night.counts, "counts");
  const unknown = Object.keys(given).find((k) => !KINDS.includes(k));
  if (unknown !== undefined) {
    throw new NightReportError(
      `counts.${unknown}`,
      `absent: counts has only ${KINDS.join(", ")}`,
      given[unknown],
    );
  }
  for (const kind of KINDS) {
    if (given[kind] !== counts[kind as VerdictKind]) {
      throw new NightReportError(
        `counts.${kind}`,
        `${counts[kind as VerdictKind]} (the number of ${kind} verdicts)`,
        given[kind],
      );
    }
  }
  if ((counts.regressed > 0) !== night.regressed) {
    throw new NightReportError(
      "regressed",
      `${counts.regressed > 0} (from the verdicts)`,
      night.regressed,
    );
  }
  if (!Array.isArray(night.notes) || night.notes.some((n) => typeof n !== "string")) {
    throw new NightReportError("notes", "an array of strings", night.notes);
  }
  return night as unknown as NightReport;
}
