/**
 * Hutchinson's estimate of a symmetric operator's trace, tr(H) = E[z^T H z] for z with independent
 * +-1 entries (Rademacher), averaged over `probes` seeded draws: each costs one product.
 */
import * as tf from "@tensorflow/tfjs";
import { uniformStream } from "../util/random.ts";
import type { SymmetricOperator } from "./lanczos.ts";

/** A seeded Rademacher vector of `dim` entries, on the host. */
export function rademacher(dim: number, seed: number, stream: number): Float32Array {
  const u = uniformStream(seed, stream);
  return Float32Array.from({ length: dim }, () => (u() < 0.5 ? -1 : 1));
}

/**
 * The mean of z^T H z over `probes` Rademacher vectors (stream `stream`, `stream + 1`, ... of
 * `seed`), read back once.
 *
 * @example
 * const trace = await hutchinsonTrace(op, 10, 0, 1000);
 */
export async function hutchinsonTrace(
  op: SymmetricOperator,
  probes: number,
  seed: number,
  stream: number,
): Promise<number> {
  if (!Number.isInteger(probes) || probes < 1) {
    throw new RangeError(
      `Cannot estimate a trace: probes must be a positive integer, got ${probes}`,
    );
  }
  let sum: tf.Scalar = tf.scalar(0);
  for (let i = 0; i < probes; i++) {
    const next = tf.tidy(() => {
      const z = tf.tensor1d(rademacher(op.dim, seed, stream + i));
      return tf.add(sum, tf.dot(z, op.apply(z))) as tf.Scalar;
    });
    sum.dispose();
    sum = next;
  }
  const total = (await sum.data())[0]!;
  sum.dispose();
  return total / probes;
}
