/**
 * Parsing a configuration value given on the command line, validated by the key's spec.
 */
import type { ConfigValue, KeySpec } from "../config/run_config.ts";
import { UsageError } from "../util/usage_error.ts";

/** What a spec expects, in words (for error messages). */
export function describeSpec(spec: KeySpec): string {
  switch (spec.type) {
    case "int": {
      const bounds = [
        spec.min !== undefined ? `>= ${spec.min}` : "",
        spec.max !== undefined ? `<= ${spec.max}` : "",
      ].filter((s) => s !== "");
      return `a whole number${bounds.length > 0 ? " " + bounds.join(" and ") : ""}`;
    }
    case "number": {
      const bounds = [
        spec.min !== undefined ? `>= ${spec.min}` : "",
        spec.exclusiveMin !== undefined ? `> ${spec.exclusiveMin}` : "",
        spec.max !== undefined ? `<= ${spec.max}` : "",
      ].filter((s) => s !== "");
      return `a number${bounds.length > 0 ? " " + bounds.join(" and ") : ""}`;
    }
    case "bool":
      return "true or false";
    case "enum":
      return `one of ${spec.values.join(", ")}`;
    case "string":
      return spec.pattern ? `text matching ${spec.pattern}` : "text";
  }
}

function inRange(x: number, spec: { min?: number; max?: number; exclusiveMin?: number }): boolean {
  if (spec.min !== undefined && x < spec.min) return false;
  if (spec.exclusiveMin !== undefined && x <= spec.exclusiveMin) return false;
  if (spec.max !== undefined && x > spec.max) return false;
  return true;
}

/**
 * Parses `text` as a value of `key` per its spec; throws UsageError naming the key, the value and
 * what was expected.
 *
 * @example parseValue("width", "128", { type: "int", min: 1, doc: "" }) // 128
 */
export function parseValue(key: string, text: string, spec: KeySpec): ConfigValue {
  const bad = () =>
    new UsageError(`Invalid value for ${key}: expected ${describeSpec(spec)}, got '${text}'`);
  const trimmed = text.trim();
  switch (spec.type) {
    case "int": {
      if (!/^[+-]?\d+$/.test(trimmed)) throw bad();
      const x = Number(trimmed);
      if (!Number.isSafeInteger(x) || !inRange(x, spec)) throw bad();
      return x;
    }
    case "number": {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) throw bad();
      const x = Number(trimmed);
      if (!Number.isFinite(x) || !inRange(x, spec)) throw bad();
      return x;
    }
    case "bool":
      if (trimmed === "true") return true;
      if (trimmed === "false") return false;
      throw bad();
    case "enum":
      if (!spec.values.includes(trimmed)) throw bad();
      return trimmed;
    case "string":
      if (spec.pattern && !spec.pattern.test(trimmed)) throw bad();
      return trimmed;
  }
}
