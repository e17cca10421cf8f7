/**
 * The verdict report of one night: what `deno task nightly` writes to `<out>/nightly.json`, prints
 * as a table and uploads to the dashboard's `POST /api/nightly`.
 */
import type { Calibration } from "./baseline.ts";
import type { Verdict, VerdictKind } from "./compare.ts";

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
    const shown = got === undefined
      ? "nothing (missing)"
      : typeof got === "number"
      ? String(got)
      : JSON.stringify(got)?.slice(0, 60);
    super(`Invalid night report: field '${field}' must be ${expected}, got ${shown}`);
    this.name = "NightReportError";
  }
}

const KINDS: readonly string[] = ["pass", "regressed", "improved", "new"];

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function numOrNull(v: unknown): boolean {
  return v === null || (typeof v === "number" && Number.isFinite(v));
}

/** Checks an uploaded night report; throws `NightReportError` naming the first bad field. */
export function validateNightReport(data: unknown): NightReport {
  if (!isObj(data)) throw new NightReportError("(root)", "an object", data);
  if (data.schema !== NIGHT_SCHEMA) {
    throw new NightReportError("schema", `${NIGHT_SCHEMA}`, data.schema);
  }
  if (data.kind !== "plbench-nightly") {
    throw new NightReportError("kind", '"plbench-nightly"', data.kind);
  }
  for (const key of ["id", "set", "startedAt", "finishedAt", "hostname", "backend"]) {
    if (typeof data[key] !== "string" || data[key] === "") {
      throw new NightReportError(key, "a non-empty string", data[key]);
    }
  }
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(data.id as string)) {
    throw new NightReportError("id", "1-128 letters, digits, '.', '_', ':' or '-'", data.id);
  }
  if (Number.isNaN(Date.parse(data.startedAt as string))) {
    throw new NightReportError("startedAt", "an ISO date", data.startedAt);
  }
  if (typeof data.regressed !== "boolean") {
    throw new NightReportError("regressed", "true or false", data.regressed);
  }
  if (!Array.isArray(data.verdicts)) {
    throw new NightReportError("verdicts", "an array", data.verdicts);
  }
  data.verdicts.forEach((v: unknown, i: number) => {
    const f = `verdicts.${i}`;
    if (!isObj(v)) throw new NightReportError(f, "an object", v);
    for (const key of ["point", "suite", "metric"]) {
      if (typeof v[key] !== "string") throw new NightReportError(`${f}.${key}`, "a string", v[key]);
    }
    if (!KINDS.includes(v.verdict as string)) {
      throw new NightReportError(`${f}.verdict`, `one of ${KINDS.join(", ")}`, v.verdict);
    }
    for (const key of ["observed", "baseline", "tolerance"]) {
      if (!numOrNull(v[key])) {
        throw new NightReportError(`${f}.${key}`, "a finite number or null", v[key]);
      }
    }
    if (!isObj(v.runs)) throw new NightReportError(`${f}.runs`, "an object of run ids", v.runs);
  });
  const counts = countVerdicts(data.verdicts as Verdict[]);
  if ((counts.regressed > 0) !== data.regressed) {
    throw new NightReportError(
      "regressed",
      `${counts.regressed > 0} (from the verdicts)`,
      data.regressed,
    );
  }
  return data as unknown as NightReport;
}
