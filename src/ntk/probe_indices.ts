/**
 * The draw of the NTK probe subset: k of the n training inputs from a probe seed (the config's
 * `probeSeed`, see probe_subset.ts), so every run on the same data with the same probe seed
 * (whatever its own seed or sweep) probes the same inputs.
 */
import { mulberry32 } from "../util/random.ts";

/**
 * k distinct indices in [0, n), ascending, drawn uniformly without replacement (partial
 * Fisher-Yates) from `probeSeed` (not the run's seed; 0 is a seed). The first draws do not depend
 * on k, so a smaller k probes a subset of a larger one's inputs.
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
  if (!Number.isInteger(probeSeed) || probeSeed < 0 || probeSeed > 0xffffffff) {
    throw new RangeError(
      `Cannot draw probe inputs: probeSeed must be an integer from 0 to 4294967295 (the ` +
        `generator's 32 bits), got ${probeSeed}`,
    );
  }
  const uniform = mulberry32(probeSeed ^ 0x85ebca6b).uniform;
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(uniform() * (n - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}
