/**
 * A small seeded pseudo-random generator (mulberry32) with Gaussian draws, so that the toy
 * problems are reproducible from their config's seed on every machine.
 */

/** A deterministic stream of uniform and Gaussian numbers. */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

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
  let state = (seed ^ 0x9e3779b9) >>> 0;
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
