/**
 * Validation of reports against the schema, with one message naming the offending field.
 */
import { type Report, REPORT_SCHEMA } from "./schema.ts";
import { upgradeSchema1 } from "./upgrade.ts";

/** A report (or part of one) that does not match the schema; `field` is a dotted path. */
export class ReportError extends Error {
  constructor(readonly field: string, readonly expected: string, readonly got: unknown) {
    super(`Invalid report: field '${field}' must be ${expected}, got ${describe(got)}`);
    this.name = "ReportError";
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (missing)";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? text.slice(0, 57) + "..." : text;
}

type Obj = Record<string, unknown>;

function object(value: unknown, field: string): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ReportError(field, "an object", value);
  }
  return value as Obj;
}

function string(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string" || v.length === 0) {
    throw new ReportError(path + key, "a non-empty string", v);
  }
  return v;
}

function finite(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new ReportError(path + key, "a finite number", v);
  }
  return v;
}

function nullableNumber(o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== null && (typeof v !== "number" || !Number.isFinite(v))) {
    throw new ReportError(path + key, "a finite number or null", v);
  }
}

/** Series values may be null where a quantity was undefined (JSON has no NaN); never strings. */
function numberArray(o: Obj, key: string, path: string, length?: number, allowNull = false): void {
  const v = o[key];
  if (!Array.isArray(v)) throw new ReportError(path + key, "an array of numbers", v);
  if (length !== undefined && v.length !== length) {
    throw new ReportError(
      path + key,
      `an array of length ${length} (as long as series.epoch)`,
      `length ${v.length}`,
    );
  }
  v.forEach((x, i) => {
    const ok = typeof x === "number" ? Number.isFinite(x) : allowNull && x === null;
    if (!ok) {
      throw new ReportError(
        `${path}${key}[${i}]`,
        allowNull ? "a finite number or null" : "a finite number",
        x,
      );
    }
  });
}

function ntkSeries(value: unknown, path: string): void {
  const o = object(value, path);
  numberArray(o, "epoch", path + ".");
  const n = (o.epoch as unknown[]).length;
  for (const key of ["lambdaMin", "lambdaMax", "kernelShift", "drift"]) {
    numberArray(o, key, path + ".", n, true);
  }
  if (o.noiseFloor !== undefined) numberArray(o, "noiseFloor", path + ".", n);
  finite(o, "k", path + ".");
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
    !v.every((x) => typeof x === "number" && Number.isFinite(x))
  ) {
    throw new ReportError(path + key, `a pair of epochs [a, b]${allowNull ? " or null" : ""}`, v);
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
  if (!DECAY_MODELS.includes(d.best as string)) {
    throw new ReportError(p + "best", `one of ${DECAY_MODELS.join(", ")}`, d.best);
  }
  if (d.reason !== null && typeof d.reason !== "string") {
    throw new ReportError(p + "reason", "a string or null", d.reason);
  }
  finite(d, "icMargin", p);
  finite(d, "explained", p);
  finite(d, "points", p);
  for (const key of ["rho", "lInf", "gapDecades"]) nullableNumber(d, key, p);
  window(d, "window", p, false);
  const fits = object(d.fits, p + "fits");
  for (const model of DECAY_MODELS) {
    const fit = object(fits[model], `${p}fits.${model}`);
    const q = `${p}fits.${model}.`;
    for (const key of ["rss", "rms", "ic"]) finite(fit, key, q);
    const params = object(fit.params, q + "params");
    for (const key of DECAY_PARAMS[model]!) finite(params, key, q + "params.");
  }
}

/**
 * Checks that `value` is a report of the current schema, or of schema 1 (brought to the current
 * one by upgrade.ts), and returns it typed; throws ReportError naming the field.
 */
export function validateReport(value: unknown): Report {
  let r = object(value, "report");
  if (r.schema !== REPORT_SCHEMA && r.schema !== 1) {
    throw new ReportError("schema", `${REPORT_SCHEMA} (or 1, read and upgraded)`, r.schema);
  }
  string(r, "id", "");
  if (!/^[0-9a-f]{16,64}$/.test(r.id as string)) {
    throw new ReportError("id", "a lowercase hex hash", r.id);
  }
  string(r, "suite", "");
  const sweep = object(r.sweep, "sweep");
  string(sweep, "id", "sweep.");
  string(sweep, "suite", "sweep.");
  object(sweep.grid, "sweep.grid");
  finite(sweep, "cells", "sweep.");
  const shard = object(sweep.shard, "sweep.shard");
  finite(shard, "index", "sweep.shard.");
  finite(shard, "count", "sweep.shard.");
  const config = object(r.config, "config");
  for (const key of ["seed", "epochs", "lr", "width"]) finite(config, key, "config.");
  if (config.suite !== r.suite) {
    throw new ReportError("config.suite", `equal to suite '${r.suite}'`, config.suite);
  }
  if (!["complete", "diverged", "failed"].includes(r.status as string)) {
    throw new ReportError("status", "one of complete, diverged, failed", r.status);
  }
  nullableNumber(r, "divergedAt", "");
  if (r.status === "diverged" && r.divergedAt === null) {
    throw new ReportError("divergedAt", "the epoch of divergence for a diverged run", null);
  }
  if (r.error !== null && typeof r.error !== "string") {
    throw new ReportError("error", "a string or null", r.error);
  }
  finite(r, "params", "");
  const env = object(r.env, "env");
  if (!["webgpu", "wasm", "cpu"].includes(env.backend as string)) {
    throw new ReportError("env.backend", "one of webgpu, wasm, cpu", env.backend);
  }
  for (const key of ["deno", "tfjs"]) string(env, key, "env.");
  if (env.blas !== undefined && env.blas !== null) {
    const blas = object(env.blas, "env.blas");
    string(blas, "library", "env.blas.");
    const t = blas.threads;
    if (t !== null && !(Number.isInteger(t) && (t as number) >= 1)) {
      throw new ReportError("env.blas.threads", "a whole number >= 1 or null", t);
    }
  }
  string(r, "startedAt", "");
  string(r, "finishedAt", "");
  const series = object(r.series, "series");
  numberArray(series, "epoch", "series.");
  const n = (series.epoch as unknown[]).length;
  for (const key of ["loss", "gradNormSq", "drift", "lr", "seconds"]) {
    numberArray(series, key, "series.", n);
  }
  if (series.ntk !== undefined) ntkSeries(series.ntk, "series.ntk");
  if (series.fullNtk !== undefined) ntkSeries(series.fullNtk, "series.fullNtk");
  if (series.accuracy !== undefined) numberArray(series, "accuracy", "series.", n);
  object(r.summary, "summary");
  if (r.schema === 1) r = upgradeSchema1(r);
  nullableNumber(r, "trainSize", "");
  const summary = object(r.summary, "summary");
  for (const [key, v] of Object.entries(summary)) {
    if (typeof v === "number" && !Number.isFinite(v)) {
      throw new ReportError(`summary.${key}`, "a finite number or null", v);
    }
  }
  decay(summary.decay, "summary.decay");
  decay(summary.decayWindow, "summary.decayWindow");
  if (summary.window !== undefined) window(summary, "window", "summary.", true);
  if (!Array.isArray(r.notes) || r.notes.some((x) => typeof x !== "string")) {
    throw new ReportError("notes", "an array of strings", r.notes);
  }
  return r as unknown as Report;
}
