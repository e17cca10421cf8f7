/**
 * Canonical JSON (sorted keys) and SHA-256 hashes of it: the same value gives the same text and the
 * same hash on every machine.
 */
import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every level, no whitespace.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortKeys(o[k])]));
  }
  return value;
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Length of run and sweep ids: the first 20 hex digits (80 bits) of the hash. */
export const ID_LENGTH = 20;

/** Id of a value: the first ID_LENGTH hex digits of the SHA-256 of its canonical JSON. */
export function hashId(value: unknown): string {
  return sha256Hex(canonicalJson(value)).slice(0, ID_LENGTH);
}
