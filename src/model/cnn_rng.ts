/**
 * Seeded random numbers for the CNN's initialisation and the SGD data order, computed in
 * TypeScript so that the same seed gives the same numbers on every tfjs backend.
 */

import { mulberry32, type RandomStream } from "../util/mulberry32.ts";

/** A deterministic stream of uniform and Gaussian numbers. */
export type SeededStream = RandomStream;

/**
 * A mulberry32 stream from a non-negative integer seed (seed 0 is a seed) and a stream tag, so
 * that different uses of one seed (weights, data order) draw independent numbers.
 *
 * @example
 * const s = seededStream(0, 1);
 * const z = s.normal();
 */
export function seededStream(seed: number, tag: number): SeededStream {
  if (!Number.isInteger(seed) || seed < 0) {
    throw new RangeError(`Cannot seed a stream: seed must be a non-negative integer, got ${seed}`);
  }
  return mulberry32(Math.imul(seed, 0x9e3779b1) ^ Math.imul(tag + 1, 0x85ebca6b));
}

/**
 * A uniformly random permutation of 0..n-1 (Fisher-Yates) drawn from `stream`.
 *
 * @example
 * seededPermutation(4, seededStream(0, 2)); // e.g. [2, 0, 3, 1]
 */
export function seededPermutation(n: number, stream: SeededStream): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(stream.uniform() * (i + 1));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}
