/**
 * The NTK probe subset as a function of the data: k of the n training inputs drawn from the config
 * key `probeSeed` (default 0), never from the sweep, so a network is probed on the same inputs in
 * every sweep that trains it; and the record a report keeps of it (seed, k, n and the SHA-256 of
 * the indices), by which a resumed sweep or a claim tells a report probed on other inputs.
 */
import type { ConfigValue } from "../config/run_config.ts";
import type { ProbeSubset } from "../report/schema.ts";
import { canonicalJson, sha256Hex } from "../util/hash.ts";
import { probeIndices } from "./probe_indices.ts";

/** The probe seed of a config that does not set `probeSeed`. */
export const DEFAULT_PROBE_SEED = 0;

export type { ProbeSubset };

/** A drawn probe subset: the indices (ascending) and their record. */
export interface ProbeDraw {
  indices: number[];
  record: ProbeSubset;
}

/**
 * The probe seed of a cell: its `probeSeed`, or DEFAULT_PROBE_SEED when the config has none.
 * Throws a RangeError naming the value when it is not a number (probeIndices checks the range).
 *
 * @example
 * probeSeedOf({ suite: "mlp-mnist", seed: 2, epochs: 10, lr: 0.003, width: 128 }); // 0
 */
export function probeSeedOf(config: { suite: string; probeSeed?: ConfigValue }): number {
  const seed = config.probeSeed;
  if (seed === undefined) return DEFAULT_PROBE_SEED;
  if (typeof seed !== "number") {
    throw new RangeError(
      `Cannot draw probe inputs: probeSeed must be a whole number, got ${JSON.stringify(seed)}`,
    );
  }
  return seed;
}

/**
 * SHA-256 (lowercase hex) of probe indices written as a JSON array, e.g. of "[3,17,40]".
 *
 * @example
 * probeHash([0, 1, 2]).length; // 64
 */
export function probeHash(indices: readonly number[]): string {
  return sha256Hex(canonicalJson(indices));
}

/**
 * Draws k of n inputs from `seed` (probe_indices.ts) and records the draw.
 *
 * @example
 * const { indices, record } = drawProbeSubset(2000, 128, 0); // record.hash names the 128 indices
 */
export function drawProbeSubset(n: number, k: number, seed: number): ProbeDraw {
  const indices = probeIndices(n, k, seed);
  return { indices, record: { seed, k, n, hash: probeHash(indices) } };
}

/** The record of a probe subset in words, e.g. `seed 0, 128 of 2000 inputs, sha-256 1a2b3c4d`. */
export function describeProbe(record: ProbeSubset): string {
  return `seed ${record.seed}, ${record.k} of ${record.n} inputs, sha-256 ${
    record.hash.slice(0, 8)
  }`;
}

/** Whether two records name the same draw (seed, k, n and indices). */
export function sameProbeSubset(a: ProbeSubset, b: ProbeSubset): boolean {
  return a.seed === b.seed && a.k === b.k && a.n === b.n && a.hash === b.hash;
}
