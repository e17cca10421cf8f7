/**
 * The mulberry32 generator with Box-Muller Gaussian draws: the seeded stream behind the toys'
 * data and the CNN's initialisation and data order, computed in TypeScript so that a seed gives
 * the same numbers on every machine and tfjs backend.
 */

/** A deterministic stream of uniform and Gaussian numbers. */
export interface RandomStream {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

/**
 * A mulberry32 stream from a 32-bit starting state (callers derive the state from their seed).
 *
 * @example
 * const s = mulberry32(0x9e3779b9);
 * const u = s.uniform(); // in [0, 1)
 */
export function mulberry32(initialState: number): RandomStream {
  let state = initialState >>> 0;
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
