/**
 * A seeded normal generator in plain TypeScript (xoshiro128** seeded by splitmix32, Box-Muller),
 * so that MLP initial weights are identical on every tfjs backend.
 */

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
