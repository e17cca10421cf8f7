/**
 * The rules one field of a stored value can follow (whole numbers in a range, finite numbers in a
 * range, names, configuration scalars, dates), shared by the validators of reports, night reports
 * and heartbeats. Each `expect*` returns what was expected when `value` breaks the rule, else null,
 * so every validator throws its own error naming the field.
 */
import { textProblem } from "./bounded_json.ts";
import type { KeySpec } from "../config/run_config.ts";

/**
 * Largest epoch index in a stored series or heartbeat (a series of a longer run would not fit the
 * array and size limits of bounded_json.ts anyway).
 */
export const MAX_EPOCHS = 1_000_000;
/** Longest name (suite, sweep id, grid axis, run id of a heartbeat). */
export const MAX_NAME = 200;
/** Longest text value of a configuration key or grid axis. */
export const MAX_CONFIG_TEXT = 1_000;

/**
 * A value as an error message shows what it got: `nothing (missing)`, a number as written (NaN
 * included), anything else as JSON cut at 60 characters.
 *
 * @example describeValue(undefined) // "nothing (missing)"
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (missing)";
  if (typeof value === "number") return String(value);
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? text.slice(0, 57) + "..." : text;
}

/** A JSON object (not null, not an array), or what was expected. */
export function expectObject(value: unknown): string | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? null : "an object";
}

/** A whole number from `min` to `max`, or what was expected. */
export function expectInteger(value: unknown, min: number, max: number): string | null {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
    ? null
    : `a whole number from ${min} to ${max}`;
}

/** A finite number in a range (bounds inclusive unless `above` is given), or what was expected. */
export function expectNumber(
  value: unknown,
  range: { min?: number; above?: number; max?: number } = {},
): string | null {
  const ok = typeof value === "number" && Number.isFinite(value) &&
    (range.min === undefined || value >= range.min) &&
    (range.above === undefined || value > range.above) &&
    (range.max === undefined || value <= range.max);
  if (ok) return null;
  const parts = [
    range.min === undefined ? null : `>= ${range.min}`,
    range.above === undefined ? null : `> ${range.above}`,
    range.max === undefined ? null : `<= ${range.max}`,
  ].filter((p) => p !== null);
  return parts.length === 0 ? "a finite number" : `a finite number ${parts.join(" and ")}`;
}

/**
 * A name: non-empty text of at most `max` characters without control characters (tab, newline
 * and NUL included), so it shows and links as it was written.
 */
export function expectName(value: unknown, max = MAX_NAME): string | null {
  const expected = `a non-empty name of at most ${max} characters without control characters`;
  if (typeof value !== "string" || value.length === 0) return expected;
  // deno-lint-ignore no-control-regex -- control characters are what this rule refuses
  if (textProblem(value, max) !== null || /[\u0000-\u001f\u007f-\u009f]/.test(value)) {
    return expected;
  }
  return null;
}

/** Text (possibly empty) of at most `max` characters, or what was expected. */
export function expectText(value: unknown, max: number): string | null {
  if (typeof value !== "string") return "text";
  const problem = textProblem(value, max);
  return problem === null ? null : `text of ${problem}`;
}

/**
 * A configuration value: a finite number, true or false, or text of at most MAX_CONFIG_TEXT
 * characters without control characters.
 */
export function expectScalar(value: unknown): string | null {
  if (typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : "a finite number";
  if (typeof value === "string" && expectName(value, MAX_CONFIG_TEXT) === null) return null;
  if (value === "") return null;
  return `a number, true, false or text of at most ${MAX_CONFIG_TEXT} characters without ` +
    "control characters";
}

/** A date and time in ISO 8601 form (as `Date.toISOString` writes it), or what was expected. */
export function expectIsoDate(value: unknown): string | null {
  const expected = "an ISO 8601 date and time such as 2026-01-01T00:00:00.000Z";
  if (typeof value !== "string" || value.length > 40) return expected;
  if (!/^\d{4}-\d\d-\d\d(T[\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(value)) return expected;
  return Number.isNaN(Date.parse(value)) ? expected : null;
}

/**
 * A value of a configuration key as its spec (src/config) takes it, or what was expected; whole
 * numbers are also held to the safe-integer range (1e308 is a whole number in JavaScript).
 */
export function expectSpec(value: unknown, spec: KeySpec): string | null {
  switch (spec.type) {
    case "int":
      return expectInteger(
        value,
        spec.min ?? -Number.MAX_SAFE_INTEGER,
        spec.max ?? Number.MAX_SAFE_INTEGER,
      );
    case "number":
      return expectNumber(value, { min: spec.min, above: spec.exclusiveMin, max: spec.max });
    case "bool":
      return typeof value === "boolean" ? null : "true or false";
    case "enum":
      return spec.values.includes(value as string) ? null : `one of ${spec.values.join(", ")}`;
    case "string":
      return typeof value === "string" && (spec.pattern?.test(value) ?? true)
        ? null
        : spec.pattern
        ? `text matching ${spec.pattern}`
        : "text";
  }
}
