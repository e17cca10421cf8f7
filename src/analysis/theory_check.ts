/**
 * The theory check of Lemma 5.3 / Theorem 5.4 (paper 004) from measured kernels.
 *
 * With the loss L = 1/(2n) sum_i r_i^2 (r = f - y) the gradient is grad L = (1/n) J^T r, so
 *
 *   ||grad L||^2 = (1/n^2) r^T K r >= (lambda_min(K) / n^2) ||r||^2 = (2 lambda_min(K) / n) L
 *               >= 2 (lambda_min(K) / n) (L - L*)      for any L* >= 0 (the loss is non-negative),
 *
 * i.e. the PL inequality ||grad L||^2 >= 2 mu (L - L*) holds with mu = lambda_min(K) / n, in the
 * normalisation of the measured PL ratio ||grad L||^2 / (2 (L - L*)). Lemma 5.3 (Weyl plus
 * Lipschitz stability of K on the region of radius R) gives lambda_min(K_t) >= lambda_0 - L_K R,
 * hence the implied PL constant
 *
 *   plBound = (lambda_0 - L_K R) / n,
 *
 * meaningful (positive) only under the compatibility condition lambda_0 > L_K R; a value <= 0
 * means the bound is vacuous (then `compatible` is false). The paper states the result for the
 * unnormalised Gram matrix; the 1/n is this project's loss normalisation.
 *
 * The estimates: L_K = max_t ||K_t - K_0||_2 / ||theta_t - theta_0|| over the probes with drift > 0
 * (secants along the trajectory: a lower estimate of the true Lipschitz constant), and
 * R = max_t ||theta_t - theta_0|| over all epochs. The kernel K is the full training-set kernel
 * when it was computed: then lambda_0 and n refer to the same matrix and the bound is the real
 * one. With only the probe subset S (k inputs) the bound is an upper estimate: by Cauchy
 * interlacing lambda_min(K_S) >= lambda_min(K) and ||K_S,t - K_S,0||_2 <= ||K_t - K_0||_2, so
 * (lambda_min(K_S) - L_K,S R) / n can only overstate (lambda_0 - L_K R) / n.
 */
import type { NtkSeries } from "../report/schema.ts";

/** Which kernel the bound used: the full training set ("full") or the probe subset ("subset"). */
export type BoundKernel = "full" | "subset";

/** Result of the theory check; null where undefined for the run. */
export interface TheoryCheck {
  lipschitzK: number | null;
  radius: number | null;
  compatible: boolean | null;
  plBound: number | null;
  plBoundKernel: BoundKernel | null;
}

/**
 * Largest secant ||K_t - K_0||_2 / ||theta_t - theta_0|| over probes with drift > 0 (null if none).
 *
 * @example
 * lipschitzEstimate({ kernelShift: [0, 2, 3], drift: [0, 1, 2] }); // 2
 */
export function lipschitzEstimate(ntk: Pick<NtkSeries, "kernelShift" | "drift">): number | null {
  let best: number | null = null;
  ntk.kernelShift.forEach((shift, i) => {
    const d = ntk.drift[i];
    if (d === undefined || !(d > 0) || !Number.isFinite(shift) || !Number.isFinite(d)) return;
    const ratio = shift / d;
    if (best === null || ratio > best) best = ratio;
  });
  return best;
}

/**
 * The theory check from the kernel series `ntk` (full-data when `kernel` is "full"), the per-epoch
 * parameter drift and the training-set size n (see the module comment for the formula).
 */
export function theoryCheck(
  ntk: NtkSeries | undefined,
  kernel: BoundKernel,
  drift: readonly number[],
  trainSize: number | null,
): TheoryCheck {
  const finiteDrift = drift.filter((d) => Number.isFinite(d));
  const radius = finiteDrift.length > 0 ? Math.max(...finiteDrift) : null;
  const none = { lipschitzK: null, compatible: null, plBound: null, plBoundKernel: null };
  if (ntk === undefined || ntk.lambdaMin.length === 0) return { ...none, radius };
  const lambda0 = ntk.lambdaMin[0]!;
  const lipschitzK = lipschitzEstimate(ntk);
  if (lipschitzK === null || radius === null || !Number.isFinite(lambda0)) {
    return { ...none, lipschitzK, radius };
  }
  const budget = lambda0 - lipschitzK * radius;
  return {
    lipschitzK,
    radius,
    compatible: budget > 0,
    plBound: trainSize !== null && trainSize > 0 ? budget / trainSize : null,
    plBoundKernel: kernel,
  };
}
