/**
 * Grid points: a run's configuration without its seed. Runs of one grid point differ only by seed,
 * so cross-seed tables, envelopes and nightly baselines group by it. Its key is the canonical JSON
 * of that configuration and its id a hash of the key (`hash.ts`), the same on every machine.
 */
import type { ConfigValue, RunConfig } from "../config/run_config.ts";
import { canonicalJson, sha256Hex } from "../util/hash.ts";

/** A configuration without `seed`, keys in sorted order. */
export type PointConfig = Record<string, ConfigValue>;

/**
 * Returns `config` without `seed`, with keys sorted so equal points serialise equally.
 *
 * @example pointConfig({ suite: "s", seed: 3, lr: 0.1, width: 8, epochs: 5 })
 *   // { epochs: 5, lr: 0.1, suite: "s", width: 8 }
 */
export function pointConfig(config: RunConfig | PointConfig): PointConfig {
  const out: PointConfig = {};
  for (const key of Object.keys(config).sort()) {
    if (key !== "seed") out[key] = config[key] as ConfigValue;
  }
  return out;
}

/**
 * The key of a grid point: canonical JSON of its configuration without the seed (nightly baselines
 * are keyed by it).
 *
 * @example pointKey({ suite: "lemniscate", seed: 1, lr: 0.001 }) // '{"lr":0.001,"suite":"lemniscate"}'
 */
export function pointKey(config: RunConfig | PointConfig): string {
  return canonicalJson(pointConfig(config));
}

/** A short stable id of a grid point: the first 16 hex digits of the SHA-256 of its key. */
export function pointId(config: RunConfig | PointConfig): string {
  return sha256Hex(pointKey(config)).slice(0, 16);
}

/** The keys whose values differ between the given points, in sorted order. */
export function varyingKeys(points: PointConfig[]): string[] {
  const keys = new Set<string>();
  for (const p of points) for (const k of Object.keys(p)) keys.add(k);
  return [...keys].sort().filter((k) => new Set(points.map((p) => JSON.stringify(p[k]))).size > 1);
}

function isConfigValue(v: unknown): v is ConfigValue {
  return typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && isFinite(v));
}

/**
 * The configuration values of a stored object: its own keys whose values are numbers, text or
 * booleans; anything else (what a database written before ingest checked every field may hold) is
 * left out, so pages and sorting only ever see scalars.
 */
export function storedPoint(value: unknown): PointConfig {
  const out: PointConfig = {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) return out;
  for (const [key, v] of Object.entries(value)) if (isConfigValue(v)) out[key] = v;
  return out;
}

/**
 * A stored sweep grid as axes of configuration values: axes that are not arrays are left out, and
 * so are values that are not numbers, text or booleans.
 */
export function storedGrid(value: unknown): Record<string, ConfigValue[]> {
  const out: Record<string, ConfigValue[]> = {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) return out;
  for (const [axis, values] of Object.entries(value)) {
    if (Array.isArray(values)) out[axis] = values.filter(isConfigValue);
  }
  return out;
}
