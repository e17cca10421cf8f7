/**
 * The fixed NTK probe subset: k of the n training inputs drawn from the sweep's seed, so every run
 * of a sweep (whatever its own seed) probes the same inputs.
 */

/** mulberry32: a small, well-mixed 32-bit generator; uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = (seed ^ 0x85ebca6b) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * k distinct indices in [0, n), ascending, drawn uniformly without replacement (partial
 * Fisher-Yates) from `probeSeed` (the sweep's seed, not the run's; 0 is a seed).
 *
 * @example
 * probeIndices(1976, 128, 7); // the same 128 indices on every machine
 */
export function probeIndices(n: number, k: number, probeSeed: number): number[] {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Cannot draw probe inputs: n must be a positive integer, got ${n}`);
  }
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new RangeError(`Cannot draw probe inputs: k must be an integer in 1..${n}, got ${k}`);
  }
  if (!Number.isInteger(probeSeed) || probeSeed < 0) {
    throw new RangeError(
      `Cannot draw probe inputs: probeSeed must be a non-negative integer, got ${probeSeed}`,
    );
  }
  const uniform = mulberry32(probeSeed);
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(uniform() * (n - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}
