/**
 * How a suite declares its configuration keys, once: each key's spec (how it is validated and
 * parsed) with its default, and from them the suite's defaults, its key specs and the type of the
 * config its run function receives. A key without a default is optional: it is in a cell's config
 * only when given, so adding one keeps every cell's id.
 *
 * @example
 * const KEYS = { ...commonKeys({ epochs: 100, lr: 0.1, width: 8 }), alpha: num("scale", { default: 1 }) };
 * type Config = ConfigOf<typeof KEYS>; // { suite: string; seed: number; ...; alpha: number }
 */
import type { ConfigValue, KeySpec, RunConfig } from "../config/run_config.ts";
import { COMMON_KEYS, PROBE_KEYS } from "../config/common_keys.ts";

/** A declared key: its spec and, unless the key is optional, its default. */
export type KeyDecl = KeySpec & { default?: ConfigValue };

type Range = { min?: number; max?: number };

/** A whole-number key. */
export function int<D extends number | undefined = undefined>(
  doc: string,
  options: Range & { default?: D } = {},
): { type: "int"; doc: string; min?: number; max?: number; default: D } {
  return { type: "int", doc, ...options } as { type: "int"; doc: string; default: D };
}

/** A number key. */
export function num<D extends number | undefined = undefined>(
  doc: string,
  options: Range & { exclusiveMin?: number; default?: D } = {},
): { type: "number"; doc: string; min?: number; max?: number; exclusiveMin?: number; default: D } {
  return { type: "number", doc, ...options } as { type: "number"; doc: string; default: D };
}

/** A true/false key. */
export function bool<D extends boolean | undefined = undefined>(
  doc: string,
  options: { default?: D } = {},
): { type: "bool"; doc: string; default: D } {
  return { type: "bool", doc, ...options } as { type: "bool"; doc: string; default: D };
}

/** A key that takes one of `values`. */
export function oneOf<
  const V extends readonly string[],
  D extends V[number] | undefined = undefined,
>(
  values: V,
  doc: string,
  options: { default?: D } = {},
): { type: "enum"; values: V; doc: string; default: D } {
  return { type: "enum", values, doc, ...options } as {
    type: "enum";
    values: V;
    doc: string;
    default: D;
  };
}

/** A text key, optionally held to `pattern`. */
export function text<D extends string | undefined = undefined>(
  doc: string,
  options: { pattern?: RegExp; default?: D } = {},
): { type: "string"; doc: string; pattern?: RegExp; default: D } {
  return { type: "string", doc, ...options } as { type: "string"; doc: string; default: D };
}

/** `spec` with a default. */
function withDefault<S extends KeySpec, D extends ConfigValue>(
  spec: S,
  value: D,
): S & { default: D } {
  return { ...spec, default: value };
}

/**
 * The keys every suite has (src/config/common_keys.ts), with the suite's epochs, step size and
 * width as defaults; seed 0 and window `auto` for all; `minDecades` optional.
 */
export function commonKeys(d: { epochs: number; lr: number; width: number }) {
  return {
    seed: withDefault(COMMON_KEYS.seed as { type: "int"; doc: string }, 0),
    epochs: withDefault(COMMON_KEYS.epochs as { type: "int"; doc: string }, d.epochs),
    lr: withDefault(COMMON_KEYS.lr as { type: "number"; doc: string }, d.lr),
    width: withDefault(COMMON_KEYS.width as { type: "int"; doc: string }, d.width),
    window: withDefault(COMMON_KEYS.window as { type: "string"; doc: string }, "auto"),
    minDecades: COMMON_KEYS.minDecades as { type: "number"; doc: string; default?: undefined },
  };
}

/** The keys of a suite that probes the NTK, besides the common ones (optional: `probeSeed`). */
export const probeKeys = {
  probeSeed: PROBE_KEYS.probeSeed as { type: "int"; doc: string; default?: undefined },
};

/** The value type of a declared key. */
type ValueOf<D> = D extends { type: "int" | "number" } ? number
  : D extends { type: "bool" } ? boolean
  : D extends { type: "enum"; values: readonly (infer V)[] } ? V
  : string;

type WithDefault<K> = { [P in keyof K as K[P] extends { default: ConfigValue } ? P : never]: K[P] };
type Optional<K> = { [P in keyof K as K[P] extends { default: ConfigValue } ? never : P]: K[P] };

/**
 * The config a suite with keys `K` runs with: every key with a default, optional ones if given,
 * and `dataDir` when the sweep reads the data from a folder (`--data-dir`).
 */
export type ConfigOf<K> =
  & { suite: string; dataDir?: string }
  & { [P in keyof WithDefault<K>]: ValueOf<K[P]> }
  & { [P in keyof Optional<K>]?: ValueOf<K[P]> };

/** The defaults of `keys` as the base config of suite `name` (optional keys left out). */
export function defaultsOf(name: string, keys: Record<string, KeyDecl>): RunConfig {
  const config: Record<string, ConfigValue> = { suite: name };
  for (const [key, decl] of Object.entries(keys)) {
    if (decl.default !== undefined) config[key] = decl.default;
  }
  return config as RunConfig;
}

/** The specs of `keys` (without their defaults), as grid expansion checks values against them. */
export function specsOf(keys: Record<string, KeyDecl>): Record<string, KeySpec> {
  const specs: Record<string, KeySpec> = {};
  for (const [key, { default: _, ...spec }] of Object.entries(keys)) specs[key] = spec as KeySpec;
  return specs;
}
