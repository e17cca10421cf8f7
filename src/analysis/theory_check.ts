/**
 * The theory check of Lemma 5.3 / Theorem 5.4 (paper 004) from measured kernels.
 *
 * With the loss L = 1/(2n) sum_i r_i^2 (r = f - y) the gradient is grad L = (1/n) J^T r, so
 *
 *   ||grad L||^2 = (1/n^2) r^T K r >= (lambda_min(K) / n^2) ||r||^2 = (2 lambda_min(K) / n) L
 *               >= 2 (lambda_min(K) / n) (L - L*)      for any L* >= 0 (the loss is non-negative),
 *
 * i.e. the PL inequality ||grad L||^2 >= 2 mu (L - L*) holds with mu = lambda_min(K) / n, in the
 * normalisation of the measured PL ratio ||grad L||^2 / (2 (L - L*)). With an output scale alpha
 * (loss 1/(2 n alpha^2) sum (alpha f - y)^2, K the kernel of alpha f) the same steps give
 * mu = lambda_min(K) / (n alpha^2). Lemma 5.3 (Weyl plus Lipschitz stability of K on the region of
 * radius R) gives lambda_min(K_t) >= lambda_0 - L_K R, hence the implied PL constant
 *
 *   plBound = (lambda_0 - L_K R) / (n alpha^2),
 *
 * meaningful (positive) only under the compatibility condition lambda_0 > L_K R. The paper states
 * the result for the unnormalised Gram matrix; the 1/n is this project's loss normalisation.
 *
 * Why a failed compatibility says little here: L_K R >= max_t ||K_t - K_0||_2 by construction, and
 * for an ill-conditioned kernel (the full MNIST kernel: lambda_min about 1e-8 lambda_max) that
 * shift is dominated by lambda_max moving, so it exceeds lambda_0 even where lambda_min rose.
 * `weylVacuous` says exactly that: max_t ||K_t - K_0||_2 > lambda_min(K_0), so Weyl's inequality
 * gives no positive lower bound at all. The checks that can pass are the measured floor of
 * lambda_min along the run (kernel_checks.ts) and the full-kernel identity.
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
  plBound: number | null;
  plBoundKernel: BoundKernel | null;
  weylVacuous: boolean | null;
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
 * parameter drift, the training-set size n and the output scale alpha (see the module comment).
 */
export function theoryCheck(
  ntk: NtkSeries | undefined,
  kernel: BoundKernel,
  drift: readonly number[],
  trainSize: number | null,
  alpha = 1,
): TheoryCheck {
  const finiteDrift = drift.filter((d) => Number.isFinite(d));
  const radius = finiteDrift.length > 0 ? Math.max(...finiteDrift) : null;
  const none = { lipschitzK: null, plBound: null, plBoundKernel: null, weylVacuous: null };
  if (ntk === undefined || ntk.lambdaMin.length === 0) return { ...none, radius };
  const lambda0 = ntk.lambdaMin[0]!;
  const shifts = ntk.kernelShift.filter(Number.isFinite);
  const weylVacuous = Number.isFinite(lambda0) && shifts.length > 1
    ? Math.max(...shifts) > lambda0
    : null;
  const lipschitzK = lipschitzEstimate(ntk);
  if (lipschitzK === null || radius === null || !Number.isFinite(lambda0)) {
    return { ...none, lipschitzK, radius, weylVacuous };
  }
  const budget = lambda0 - lipschitzK * radius;
  return {
    lipschitzK,
    radius,
    plBound: trainSize !== null && trainSize > 0 ? budget / (trainSize * alpha * alpha) : null,
    plBoundKernel: kernel,
    weylVacuous,
  };
}
