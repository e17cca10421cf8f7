/**
 * Every seeded random number plbench draws, computed in TypeScript so that a seed gives the same
 * numbers on every machine and tfjs backend:
 * - mulberry32 with Box-Muller Gaussian draws, behind the toys' data (`seededRng`), the CNN's
 *   initialisation and data order (`seededStream`, `seededPermutation`) and the test stand-ins;
 * - xoshiro128** seeded by splitmix32, behind the MLP's initial weights (`uniformStream`,
 *   `normalArray`).
 * Each user keeps its own seed-to-state mixing, so every number drawn is the one it always was.
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

/**
 * The toys' generator: a mulberry32 stream from a non-negative integer seed (seed 0 is a seed).
 *
 * @example
 * const rng = seededRng(0);
 * const x = rng.normal();
 */
export function seededRng(seed: number): RandomStream {
  if (!Number.isInteger(seed) || seed < 0) {
    throw new RangeError(`Cannot seed generator: seed must be a non-negative integer, got ${seed}`);
  }
  return mulberry32(seed ^ 0x9e3779b9);
}

/**
 * The CNN's generator: a mulberry32 stream from a non-negative integer seed (seed 0 is a seed) and
 * a stream tag, so that different uses of one seed (weights, data order) draw independent numbers.
 *
 * @example
 * const s = seededStream(0, 1);
 * const z = s.normal();
 */
export function seededStream(seed: number, tag: number): RandomStream {
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
export function seededPermutation(n: number, stream: RandomStream): Int32Array {
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

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Uniform numbers in [0, 1) from xoshiro128**, seeded by a non-negative integer seed and a stream
 * number (different streams of one seed are independent).
 *
 * @example
 * const u = uniformStream(0, 1); u(); // 0 <= u() < 1
 */
export function uniformStream(seed: number, stream: number): () => number {
  for (const [name, v] of [["seed", seed], ["stream", stream]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new RangeError(
        `Cannot seed the generator: ${name} must be an integer in 0..2^32-1, got ${v}`,
      );
    }
  }
  const mix = splitmix32((seed ^ Math.imul(stream + 1, 0x632be5ab)) >>> 0);
  mix(); // decorrelate nearby seeds
  let a = mix(), b = mix(), c = mix(), d = mix();
  if ((a | b | c | d) === 0) a = 1;
  return () => {
    const r = Math.imul((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return r / 4294967296;
  };
}

/**
 * Fills a new Float32Array with `count` draws from N(0, std^2) (Box-Muller on uniformStream).
 *
 * @example
 * const w = normalArray(0, 3, 784 * 128, Math.sqrt(2 / 784));
 */
export function normalArray(
  seed: number,
  stream: number,
  count: number,
  std: number,
): Float32Array {
  const u = uniformStream(seed, stream);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = 1 - u(); // in (0, 1]
    const radius = std * Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}
