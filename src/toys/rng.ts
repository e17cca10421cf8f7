/**
 * A small seeded pseudo-random generator (mulberry32) with Gaussian draws, so that the toy
 * problems are reproducible from their config's seed on every machine.
 */

import { mulberry32, type RandomStream } from "../util/mulberry32.ts";

/** A deterministic stream of uniform and Gaussian numbers. */
export type Rng = RandomStream;

/**
 * Creates a generator from a non-negative integer seed (seed 0 is a valid seed).
 *
 * @example
 * ```ts
 * const rng = seededRng(0);
 * const x = rng.normal();
 * ```
 */
export function seededRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0) {
    throw new RangeError(`Cannot seed generator: seed must be a non-negative integer, got ${seed}`);
  }
  return mulberry32(seed ^ 0x9e3779b9);
}
