/**
 * The baseline file format of nightly regressions (versioned, `schema: 1`) and its strict reader.
 * A night's observations use the same format, so recording a baseline is copying a night's stats.
 */
import { describeValue, expectNumber, expectObject } from "../report/field_rules.ts";

/** Current schema version of a baseline file. */
export const BASELINE_SCHEMA = 1;

/**
 * Across-seed statistics of one metric at one grid point; `values` maps seed -> value. `rerun` is
 * the measured rerun noise: the largest |difference| over the seeds between two runs of the same
 * cell (`deno task nightly --rerun`); absent when not measured.
 */
export interface MetricStats {
  mean: number | null;
  std: number;
  n: number;
  values: Record<string, number | null>;
  rerun?: number;
}

/** Everything measured at one grid point (a config without its seed). */
export interface PointStats {
  suite: string;
  /** The cell config without `seed`. */
  config: Record<string, number | string | boolean>;
  /** Closed-form toy: deterministic, compared with tight absolute tolerances. */
  exact: boolean;
  seeds: number[];
  /** Run ids by seed, so a regression links to the runs behind it. */
  runs: Record<string, string>;
  metrics: Record<string, MetricStats>;
}

/** The calibration benchmark timed in the nightly process right before (and after) the runs. */
export interface Calibration {
  name: string;
  /** Seconds of one benchmark repetition (median). */
  seconds: number;
}

/** A claim of a suite judged on one entry of the nightly set (src/nightly/claim_verdicts.ts). */
export interface ClaimRecord {
  suite: string;
  entry: string;
  claim: string;
  verdict: "holds" | "fails" | "inconclusive";
  /** The line of evidence. */
  line: string;
  /** The runs the evidence cites, by seed (and the entry's other grid values). */
  runs: Record<string, string>;
}

/** A baseline file, or the observations of one night. */
export interface Baseline {
  schema: typeof BASELINE_SCHEMA;
  createdAt: string;
  set: string;
  env: Record<string, string | null>;
  calibration: Calibration;
  /** Keyed by the grid point key (canonical JSON of the config without seed). */
  points: Record<string, PointStats>;
  /** Claim verdicts keyed `entry/claim`; absent in baselines recorded before claims were judged. */
  claims?: Record<string, ClaimRecord>;
}

/** A baseline file that is missing, unreadable, corrupt or of another schema version. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaselineError";
  }
}

type Obj = Record<string, unknown>;

function fail(source: string, field: string, expected: string, got: unknown): never {
  throw new BaselineError(
    `Invalid baseline ${source}: field '${field}' must be ${expected}, got ${describeValue(got)}`,
  );
}

function obj(value: unknown, source: string, field: string): Obj {
  const expected = expectObject(value);
  if (expected !== null) fail(source, field, expected, value);
  return value as Obj;
}

function finite(value: unknown, source: string, field: string): number {
  const expected = expectNumber(value);
  if (expected !== null) fail(source, field, expected, value);
  return value as number;
}

function checkMetric(value: unknown, source: string, field: string): void {
  const m = obj(value, source, field);
  if (m.mean !== null) finite(m.mean, source, `${field}.mean`);
  if (finite(m.std, source, `${field}.std`) < 0) fail(source, `${field}.std`, ">= 0", m.std);
  const n = finite(m.n, source, `${field}.n`);
  if (!Number.isInteger(n) || n < 0) fail(source, `${field}.n`, "an integer >= 0", n);
  const values = obj(m.values, source, `${field}.values`);
  for (const [seed, v] of Object.entries(values)) {
    if (v !== null) finite(v, source, `${field}.values.${seed}`);
  }
  if (m.rerun !== undefined && finite(m.rerun, source, `${field}.rerun`) < 0) {
    fail(source, `${field}.rerun`, ">= 0", m.rerun);
  }
}

function checkPoint(value: unknown, source: string, field: string): void {
  const p = obj(value, source, field);
  if (typeof p.suite !== "string" || p.suite === "") {
    fail(source, `${field}.suite`, "a suite name", p.suite);
  }
  obj(p.config, source, `${field}.config`);
  if (typeof p.exact !== "boolean") fail(source, `${field}.exact`, "true or false", p.exact);
  if (!Array.isArray(p.seeds) || !p.seeds.every((s) => Number.isInteger(s))) {
    fail(source, `${field}.seeds`, "an array of integer seeds", p.seeds);
  }
  obj(p.runs, source, `${field}.runs`);
  const metrics = obj(p.metrics, source, `${field}.metrics`);
  for (const [name, m] of Object.entries(metrics)) {
    checkMetric(m, source, `${field}.metrics.${name}`);
  }
}

const VERDICTS = ["holds", "fails", "inconclusive"];

function checkClaim(value: unknown, source: string, field: string): void {
  const c = obj(value, source, field);
  for (const key of ["suite", "entry", "claim", "line"]) {
    if (typeof c[key] !== "string") fail(source, `${field}.${key}`, "a string", c[key]);
  }
  if (!VERDICTS.includes(c.verdict as string)) {
    fail(source, `${field}.verdict`, `one of ${VERDICTS.join(", ")}`, c.verdict);
  }
  for (const [k, id] of Object.entries(obj(c.runs, source, `${field}.runs`))) {
    if (typeof id !== "string") fail(source, `${field}.runs.${k}`, "a run id", id);
  }
}

/**
 * Parses and checks a baseline; `source` names the file in messages.
 * Throws `BaselineError` for corrupt JSON, another schema version or a malformed field.
 */
export function parseBaseline(text: string, source: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(
      `Cannot read baseline ${source}: not valid JSON (${(e as Error).message})`,
    );
  }
  const root = obj(data, source, "(root)");
  if (root.schema !== BASELINE_SCHEMA) {
    throw new BaselineError(
      `Cannot read baseline ${source}: schema ${describeValue(root.schema)} is not supported, ` +
        `expected schema ${BASELINE_SCHEMA} (record a new one with 'deno task baseline')`,
    );
  }
  if (typeof root.createdAt !== "string") {
    fail(source, "createdAt", "a date string", root.createdAt);
  }
  if (typeof root.set !== "string") fail(source, "set", "a set name", root.set);
  obj(root.env, source, "env");
  const cal = obj(root.calibration, source, "calibration");
  if (typeof cal.name !== "string") fail(source, "calibration.name", "a string", cal.name);
  if (finite(cal.seconds, source, "calibration.seconds") <= 0) {
    fail(source, "calibration.seconds", "> 0", cal.seconds);
  }
  const points = obj(root.points, source, "points");
  for (const [key, p] of Object.entries(points)) checkPoint(p, source, `points.${key}`);
  if (root.claims !== undefined) {
    for (const [key, c] of Object.entries(obj(root.claims, source, "claims"))) {
      checkClaim(c, source, `claims.${key}`);
    }
  }
  return data as Baseline;
}

/** Reads a baseline file; a missing file gets a message saying how to record one. */
export async function readBaseline(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new BaselineError(
        `Cannot read baseline ${path}: file not found (record one with ` +
          `'deno task nightly --out DIR' then 'deno task baseline --from DIR --out ${path}')`,
      );
    }
    throw new BaselineError(`Cannot read baseline ${path}: ${(e as Error).message}`);
  }
  return parseBaseline(text, path);
}
