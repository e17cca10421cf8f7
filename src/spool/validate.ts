/**
 * Validation of reports against the schema, with one message naming the offending field: first
 * the limits every stored value keeps (bounded_json.ts: depth, lengths, size, finite numbers,
 * text without NUL or lone surrogates), then each field's type and range (field_rules.ts).
 */
import { type Report, REPORT_SCHEMA } from "../report/schema.ts";
import { upgradeReport, withCurrentKeys } from "./upgrade.ts";
import { COMMON_KEYS } from "../config/common_keys.ts";
import { boundsViolation, STORED_VALUE_LIMITS } from "../report/bounded_json.ts";
import {
  expectInteger,
  expectIsoDate,
  expectName,
  expectScalar,
  expectSpec,
  expectText,
  MAX_EPOCHS,
  MAX_NAME,
} from "../report/field_rules.ts";
import {
  epochs,
  finite,
  grid,
  nullableNumber,
  numberArray,
  type Obj,
  object,
  ReportError,
  rule,
  string,
  summaryValue,
} from "../report/report_fields.ts";

export { ReportError };

function ntkSeries(value: unknown, path: string): void {
  const o = object(value, path);
  numberArray(o, "epoch", path + ".");
  const n = (o.epoch as unknown[]).length;
  for (const key of ["lambdaMin", "lambdaMax", "kernelShift", "drift"]) {
    numberArray(o, key, path + ".", n, true);
  }
  if (o.noiseFloor !== undefined) numberArray(o, "noiseFloor", path + ".", n);
  epochs(o, "epoch", path + ".");
  rule(expectInteger(o.k, 0, MAX_EPOCHS), `${path}.k`, o.k);
  const flags = o.belowNoiseFloor;
  if (!Array.isArray(flags) || flags.length !== n || flags.some((f) => typeof f !== "boolean")) {
    throw new ReportError(`${path}.belowNoiseFloor`, `${n} booleans (one per probe)`, flags);
  }
}

const DECAY_MODELS = ["geometric", "power", "linear"];
const DECAY_PARAMS: Record<string, string[]> = {
  geometric: ["lInf", "c", "rho"],
  power: ["lInf", "c", "t0", "p"],
  linear: ["a", "b"],
};

function window(o: Obj, key: string, path: string, allowNull: boolean): void {
  const v = o[key];
  if (allowNull && v === null) return;
  if (
    !Array.isArray(v) || v.length !== 2 ||
    !v.every((x) => typeof x === "number" && Number.isSafeInteger(x) && x >= 0) || v[0] > v[1]
  ) {
    const expected = `a pair of epochs [a, b], whole numbers 0 <= a <= b${
      allowNull ? ", or null" : ""
    }`;
    throw new ReportError(path + key, expected, v);
  }
}

/** The report's `probe`: absent, or the record of its probe subset (src/report/schema.ts). */
function probe(value: unknown): void {
  if (value === undefined) return;
  const o = object(value, "probe");
  rule(expectInteger(o.seed, 0, 0xffffffff), "probe.seed", o.seed);
  rule(expectInteger(o.n, 1, 1e9), "probe.n", o.n);
  rule(expectInteger(o.k, 1, o.n as number), "probe.k", o.k);
  if (typeof o.hash !== "string" || !/^[0-9a-f]{64}$/.test(o.hash)) {
    throw new ReportError("probe.hash", "a SHA-256 in 64 lowercase hex digits", o.hash);
  }
}

/** A summary's `decay` or `decayWindow`: absent, null or a Decay (src/report/schema.ts). */
function decay(value: unknown, path: string): void {
  if (value === null || value === undefined) return;
  const d = object(value, path);
  const p = path + ".";
  if (![...DECAY_MODELS, "undetermined"].includes(d.model as string)) {
    throw new ReportError(p + "model", `one of ${DECAY_MODELS.join(", ")}, undetermined`, d.model);
  }
  for (const key of ["best", "runnerUp"]) {
    if (!DECAY_MODELS.includes(d[key] as string)) {
      throw new ReportError(p + key, `one of ${DECAY_MODELS.join(", ")}`, d[key]);
    }
  }
  if (d.reason !== null && typeof d.reason !== "string") {
    throw new ReportError(p + "reason", "a string or null", d.reason);
  }
  for (const key of ["separation", "evidence", "noise", "points"]) finite(d, key, p);
  for (const key of ["rho", "lInf", "gapDecades"]) nullableNumber(d, key, p);
  window(d, "window", p, false);
  if (d.change !== null) {
    const c = object(d.change, p + "change");
    finite(c, "epoch", p + "change.");
    finite(c, "misfit", p + "change.");
    for (const key of ["before", "after"]) {
      if (!DECAY_MODELS.includes(c[key] as string)) {
        throw new ReportError(`${p}change.${key}`, `one of ${DECAY_MODELS.join(", ")}`, c[key]);
      }
    }
    if (c.late !== null) {
      const late = object(c.late, p + "change.late");
      if (late.change !== null) {
        throw new ReportError(
          `${p}change.late.change`,
          "null (a late phase is not split)",
          late.change,
        );
      }
      decay(late, p + "change.late");
    }
  }
  const fits = object(d.fits, p + "fits");
  for (const model of DECAY_MODELS) {
    const fit = object(fits[model], `${p}fits.${model}`);
    const q = `${p}fits.${model}.`;
    for (const key of ["rss", "rms", "misfit"]) finite(fit, key, q);
    nullableNumber(fit, "decades", q);
    const params = object(fit.params, q + "params");
    for (const key of DECAY_PARAMS[model]!) finite(params, key, q + "params.");
  }
}

/**
 * Checks that `value` is a report of the current schema, or of schema 1 or 2 (brought to the
 * current one by upgrade.ts), and returns it typed; throws ReportError naming the field.
 */
export function validateReport(value: unknown): Report {
  const outside = boundsViolation(value, STORED_VALUE_LIMITS, "report");
  if (outside !== null) throw new ReportError(outside.field, outside.expected, outside.got);
  let r = object(value, "report");
  if (r.schema !== REPORT_SCHEMA && r.schema !== 1 && r.schema !== 2) {
    throw new ReportError("schema", `${REPORT_SCHEMA} (or 1 or 2, read and upgraded)`, r.schema);
  }
  string(r, "id", "");
  if (!/^[0-9a-f]{16,64}$/.test(r.id as string)) {
    throw new ReportError("id", "a lowercase hex hash", r.id);
  }
  rule(expectName(r.suite), "suite", r.suite);
  const sweep = object(r.sweep, "sweep");
  rule(expectName(sweep.id), "sweep.id", sweep.id);
  rule(expectName(sweep.suite), "sweep.suite", sweep.suite);
  grid(sweep.grid);
  rule(expectInteger(sweep.cells, 1, 10_000_000), "sweep.cells", sweep.cells);
  const shard = object(sweep.shard, "sweep.shard");
  rule(expectInteger(shard.count, 1, 10_000_000), "sweep.shard.count", shard.count);
  rule(expectInteger(shard.index, 0, shard.count as number - 1), "sweep.shard.index", shard.index);
  const config = object(r.config, "config");
  for (const [key, v] of Object.entries(config)) rule(expectScalar(v), `config.${key}`, v);
  for (const key of ["seed", "epochs", "lr", "width"]) {
    rule(expectSpec(config[key], COMMON_KEYS[key]!), `config.${key}`, config[key]);
  }
  if (config.suite !== r.suite) {
    throw new ReportError("config.suite", `equal to suite '${r.suite}'`, config.suite);
  }
  if (!["complete", "diverged", "failed"].includes(r.status as string)) {
    throw new ReportError("status", "one of complete, diverged, failed", r.status);
  }
  if (r.divergedAt !== null) {
    rule(expectInteger(r.divergedAt, 0, MAX_EPOCHS), "divergedAt", r.divergedAt);
  }
  if (r.status === "diverged" && r.divergedAt === null) {
    throw new ReportError("divergedAt", "the epoch of divergence for a diverged run", null);
  }
  if (r.error !== null && typeof r.error !== "string") {
    throw new ReportError("error", "a string or null", r.error);
  }
  rule(expectInteger(r.params, 0, 1e12), "params", r.params);
  if (r.outputs !== undefined) rule(expectInteger(r.outputs, 1, 1e6), "outputs", r.outputs);
  const env = object(r.env, "env");
  if (!["webgpu", "wasm", "cpu"].includes(env.backend as string)) {
    throw new ReportError("env.backend", "one of webgpu, wasm, cpu", env.backend);
  }
  for (const key of ["deno", "tfjs"]) string(env, key, "env.");
  if (env.adapter !== null) rule(expectText(env.adapter, 1000), "env.adapter", env.adapter);
  for (const key of ["os", "arch", "hostname"]) {
    rule(expectText(env[key], MAX_NAME), `env.${key}`, env[key]);
  }
  if (env.blas !== undefined && env.blas !== null) {
    const blas = object(env.blas, "env.blas");
    rule(expectText(blas.library, MAX_NAME), "env.blas.library", blas.library);
    const t = blas.threads;
    if (t !== null && !(Number.isSafeInteger(t) && (t as number) >= 1)) {
      throw new ReportError("env.blas.threads", "a whole number >= 1 or null", t);
    }
  }
  probe(r.probe);
  rule(expectIsoDate(r.startedAt), "startedAt", r.startedAt);
  rule(expectIsoDate(r.finishedAt), "finishedAt", r.finishedAt);
  const series = object(r.series, "series");
  numberArray(series, "epoch", "series.");
  epochs(series, "epoch", "series.");
  const n = (series.epoch as unknown[]).length;
  for (const key of ["loss", "gradNormSq", "drift", "lr", "seconds"]) {
    numberArray(series, key, "series.", n);
  }
  if (series.ntk !== undefined) ntkSeries(series.ntk, "series.ntk");
  if (series.fullNtk !== undefined) ntkSeries(series.fullNtk, "series.fullNtk");
  if (series.accuracy !== undefined) numberArray(series, "accuracy", "series.", n);
  object(r.summary, "summary");
  if (r.schema !== REPORT_SCHEMA) r = upgradeReport(r);
  r = withCurrentKeys(r);
  if (r.trainSize !== null) {
    rule(expectInteger(r.trainSize, 0, 1e9), "trainSize", r.trainSize);
  }
  const summary = object(r.summary, "summary");
  for (const [key, v] of Object.entries(summary)) {
    if (typeof v === "number" && !Number.isFinite(v)) {
      throw new ReportError(`summary.${key}`, "a finite number or null", v);
    }
    if (key !== "decay" && key !== "decayWindow") summaryValue(v, `summary.${key}`);
  }
  decay(summary.decay, "summary.decay");
  decay(summary.decayWindow, "summary.decayWindow");
  if (summary.window !== undefined) window(summary, "window", "summary.", true);
  if (!Array.isArray(r.notes) || r.notes.some((x) => typeof x !== "string")) {
    throw new ReportError("notes", "an array of strings", r.notes);
  }
  return r as unknown as Report;
}
