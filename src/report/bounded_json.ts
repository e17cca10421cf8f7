/**
 * Limits every value that plbench stores from outside (reports, night reports, heartbeats) must
 * respect before its fields are checked one by one: nesting depth, array length, number of keys,
 * string and key length, total size, finite numbers only, and text that is well-formed Unicode
 * without NUL (SQLite's C interface cuts a string at NUL, and a lone surrogate is stored as U+FFFD
 * in one place and kept in another). The walk is iterative, so no value can exhaust the stack.
 */

/** The limits of one stored value. */
export interface JsonLimits {
  /** Most nested arrays and objects (the value itself is depth 1). */
  depth: number;
  /** Most elements of one array. */
  arrayLength: number;
  /** Most keys of one object. */
  keys: number;
  /** Longest key, in UTF-16 code units. */
  keyLength: number;
  /** Longest string, in UTF-16 code units. */
  stringLength: number;
  /** Largest total: the bytes of the value's compact JSON text in UTF-8 (`jsonBytes`). */
  size: number;
}

/**
 * The limits of every stored value. A schema-2 report nests 6 deep (summary.decay.fits.power
 * .params); its series are the longest arrays, and its error message and notes the longest text.
 * The size is what the dashboard's request bodies are held to as well (plus framing): 16 MiB of
 * JSON, about 220,000 epochs of a report's series.
 */
export const STORED_VALUE_LIMITS: Readonly<JsonLimits> = {
  depth: 8,
  arrayLength: 1_000_001,
  keys: 1_000,
  keyLength: 200,
  stringLength: 65_536,
  size: 16 * 1024 * 1024,
};

/** Strings JSON writes as they are, between quotes: printable ASCII without `"` and `\`. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** The bytes of `text` written as a JSON string, quotes and escapes included, in UTF-8. */
export function jsonStringBytes(text: string): number {
  if (PLAIN.test(text)) return text.length + 2;
  let n = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) n += 2;
    else if (c < 0x20) n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdfff) n += 2; // half of a pair: 4 bytes for both
    else n += 3;
  }
  return n;
}

/** What is wrong with a value, and where: `field` is a dotted path below `root`. */
export interface Violation {
  field: string;
  expected: string;
  got: unknown;
}

/** The path of `key` below `path`: `path.key`, or `path["key"]` when the key is not a name. */
export function childPath(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key.slice(0, 60))}]`;
}

/** Why `text` may not be stored, or null: NUL, a lone surrogate, or longer than `max`. */
export function textProblem(text: string, max: number): string | null {
  if (text.length > max) return `at most ${max} characters (got ${text.length})`;
  if (text.includes("\u0000")) return "text without NUL characters";
  if (!text.isWellFormed()) return "well-formed Unicode text (a lone surrogate was found)";
  return null;
}

/**
 * The first place where `value` breaks `limits`, in depth-first order, or null when it keeps them
 * all. Also refuses non-finite numbers, and keys every object inherits (`__proto__`, `constructor`,
 * `toString`, ...), which lookups in plain objects would confuse with what was stored. Fields are paths below the value
 * (`series.loss[3]`); a problem of the value itself is named `rootName`.
 *
 * @example boundsViolation({ a: [1, NaN] })
 *   // { field: "a[1]", expected: "a finite number", got: NaN }
 */
export function boundsViolation(
  value: unknown,
  limits: Readonly<JsonLimits> = STORED_VALUE_LIMITS,
  rootName = "(the value)",
): Violation | null {
  // Containers wait on a stack; scalars are checked where they are met, and a path is only
  // spelled out for the value that breaks a limit.
  const root: Frame = { value, depth: 1, parent: null, key: "" };
  const stack: Frame[] = [root];
  let size = 0;
  const at = (parent: Frame | null, key: string | number) => {
    const path = parent === null ? "" : pathOf({ value: null, depth: 0, parent, key });
    return path === "" ? rootName : path;
  };
  const scalar = (v: unknown, parent: Frame | null, key: string | number): Violation | null => {
    if (typeof v === "number") {
      size += String(v).length;
      return Number.isFinite(v)
        ? null
        : { field: at(parent, key), expected: "a finite number", got: v };
    }
    if (typeof v === "string") {
      size += jsonStringBytes(v);
      const problem = textProblem(v, limits.stringLength);
      return problem === null
        ? null
        : { field: at(parent, key), expected: problem, got: v.slice(0, 60) };
    }
    if (v === null || typeof v === "boolean") {
      size += v === false ? 5 : 4;
      return null;
    }
    return { field: at(parent, key), expected: "a JSON value", got: typeof v };
  };
  const visit = (v: unknown, parent: Frame, key: string | number, depth: number) => {
    if (typeof v === "object" && v !== null) {
      stack.push({ value: v, depth, parent, key });
      return null;
    }
    return scalar(v, parent, key);
  };
  if (typeof value !== "object" || value === null) return scalar(value, null, "");
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value as object;
    const field = frame.parent === null ? rootName : pathOf(frame);
    if (frame.depth > limits.depth) {
      return { field, expected: `nested at most ${limits.depth} deep`, got: "a deeper value" };
    }
    if (Array.isArray(v)) {
      if (v.length > limits.arrayLength) {
        return {
          field,
          expected: `an array of at most ${limits.arrayLength} elements`,
          got: `${v.length} elements`,
        };
      }
      size += 1 + Math.max(1, v.length); // brackets and commas
      for (let i = v.length - 1; i >= 0; i--) {
        const problem = visit(v[i], frame, i, frame.depth + 1);
        if (problem !== null) return problem;
      }
    } else {
      const keys = Object.keys(v);
      if (keys.length > limits.keys) {
        return {
          field,
          expected: `an object of at most ${limits.keys} keys`,
          got: `${keys.length} keys`,
        };
      }
      size += 1 + Math.max(1, keys.length); // braces and commas
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        const inherited = key in Object.prototype;
        const problem = inherited
          ? "a key that is not a property of every object (such as __proto__ or constructor)"
          : textProblem(key, limits.keyLength);
        if (problem !== null) {
          const expected = inherited ? problem : `a key of ${problem}`;
          return { field: at(frame, key), expected, got: key.slice(0, 60) };
        }
        size += jsonStringBytes(key) + 1; // and its colon
        const bad = visit((v as Record<string, unknown>)[key], frame, key, frame.depth + 1);
        if (bad !== null) return bad;
      }
    }
    if (size > limits.size) {
      return { field: rootName, expected: `at most ${limits.size} bytes of JSON`, got: "more" };
    }
  }
  return null;
}

/** A container waiting to be checked, and where it sits. */
interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string | number;
}

function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | null = frame; f !== null && f.parent !== null; f = f.parent) keys.push(f.key);
  let path = "";
  for (const key of keys.reverse()) {
    path = typeof key === "number" ? `${path}[${key}]` : childPath(path, key);
  }
  return path;
}
