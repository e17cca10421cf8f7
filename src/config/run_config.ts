/** A single value a configuration key can take. */
export type ConfigValue = number | string | boolean;

/**
 * The configuration of one run (one cell of a grid). Every suite's config carries at least
 * `suite`, `seed`, `epochs`, `lr` and `width`; suites add their own keys.
 */
export interface RunConfig {
  suite: string;
  seed: number;
  epochs: number;
  lr: number;
  width: number;
  [key: string]: ConfigValue;
}

/** How a configuration key is validated and parsed from the command line. */
export type KeySpec =
  | { type: "int"; min?: number; max?: number; doc: string }
  | { type: "number"; min?: number; exclusiveMin?: number; max?: number; doc: string }
  | { type: "bool"; doc: string }
  | { type: "enum"; values: readonly string[]; doc: string }
  | { type: "string"; pattern?: RegExp; doc: string };
