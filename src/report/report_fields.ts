/**
 * The field checks of report validation (validate.ts): each throws a ReportError naming the field
 * and what was expected.
 */
import {
  describeValue,
  expectInteger,
  expectName,
  expectNumber,
  expectObject,
  expectScalar,
  MAX_EPOCHS,
} from "./field_rules.ts";

/** A report (or part of one) that does not match the schema; `field` is a dotted path. */
export class ReportError extends Error {
  constructor(readonly field: string, readonly expected: string, readonly got: unknown) {
    super(`Invalid report: field '${field}' must be ${expected}, got ${describeValue(got)}`);
    this.name = "ReportError";
  }
}

/** A JSON object being checked. */
export type Obj = Record<string, unknown>;

export function object(value: unknown, field: string): Obj {
  rule(expectObject(value), field, value);
  return value as Obj;
}

export function string(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string" || v.length === 0) {
    throw new ReportError(path + key, "a non-empty string", v);
  }
  return v;
}

export function finite(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new ReportError(path + key, "a finite number", v);
  }
  return v;
}

export function nullableNumber(o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== null && (typeof v !== "number" || !Number.isFinite(v))) {
    throw new ReportError(path + key, "a finite number or null", v);
  }
}

/** Series values may be null where a quantity was undefined (JSON has no NaN); never strings. */
export function numberArray(
  o: Obj,
  key: string,
  path: string,
  length?: number,
  allowNull = false,
): void {
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

/** Throws a ReportError for `field` when `expected` is not null (a rule of field_rules.ts failed). */
export function rule(expected: string | null, field: string, got: unknown): void {
  if (expected !== null) throw new ReportError(field, expected, got);
}

/** Most axes of a sweep's grid, and most values of one axis. */
const MAX_AXES = 64;
const MAX_AXIS_VALUES = 100_000;

/** A sweep's grid: axis names mapping to non-empty arrays of configuration values. */
export function grid(value: unknown): void {
  const g = object(value, "sweep.grid");
  const axes = Object.keys(g);
  if (axes.length > MAX_AXES) {
    throw new ReportError("sweep.grid", `at most ${MAX_AXES} axes`, `${axes.length} axes`);
  }
  for (const axis of axes) {
    const field = `sweep.grid.${axis}`;
    rule(expectName(axis), field, axis);
    const values = g[axis];
    if (!Array.isArray(values) || values.length === 0 || values.length > MAX_AXIS_VALUES) {
      throw new ReportError(
        field,
        `an array of 1 to ${MAX_AXIS_VALUES} configuration values`,
        values,
      );
    }
    values.forEach((v, i) => rule(expectScalar(v), `${field}[${i}]`, v));
  }
}

/** Epochs: whole numbers from 0 to MAX_EPOCHS. */
export function epochs(o: Obj, key: string, path: string): void {
  (o[key] as unknown[]).forEach((e, i) =>
    rule(expectInteger(e, 0, MAX_EPOCHS), `${path}${key}[${i}]`, e)
  );
}

/**
 * A summary value besides decay, decayWindow and window: a finite number, true, false, text, null
 * or a pair of finite numbers (what summarize.ts and the suites write).
 */
export function summaryValue(v: unknown, field: string): void {
  if (v === null || typeof v === "boolean" || typeof v === "string") return;
  if (typeof v === "number" && Number.isFinite(v)) return;
  if (Array.isArray(v) && v.length === 2 && v.every((x) => expectNumber(x) === null)) return;
  throw new ReportError(field, "a finite number, true, false, text, null or a pair of numbers", v);
}
