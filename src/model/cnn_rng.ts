/**
 * Seeded random numbers for the CNN's initialisation and the SGD data order, computed in
 * TypeScript so that the same seed gives the same numbers on every tfjs backend.
 */

/** A deterministic stream of uniform and Gaussian numbers. */
export interface SeededStream {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

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
  let state = (Math.imul(seed, 0x9e3779b1) ^ Math.imul(tag + 1, 0x85ebca6b)) >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    let u = uniform();
    while (u === 0) u = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal };
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
