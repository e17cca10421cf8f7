/**
 * Kernel checks that a run can pass or fail:
 *
 * - Lemma 5.3's conclusion along the trajectory: the floor min_t lambda_min(K_t) over the probes
 *   and its ratio to lambda_min(K_0). A ratio near 1 (or above) says the initial spectral budget
 *   survived; a ratio near 0 says it was spent (the kernel lost its positivity on the probes).
 *
 * - A numerical consistency check at every full-kernel probe. For the squared loss
 *   L = 1/(2 n alpha^2) ||r||^2, r = alpha f - y, and K the kernel of alpha f on all n inputs,
 *
 *     ||grad L||^2 / (2 L) = r^T K r / (n alpha^2 ||r||^2) >= lambda_min(K) / (n alpha^2)
 *
 *   is an identity (a Rayleigh quotient), so a measured violation means the loss, the gradient or
 *   the kernel is wrong (a normalisation, a stale kernel, a broken eigensolver). The bound takes
 *   lambda_min at the low end of its float32 error bar, lambda_min - noiseFloor (spectrum.ts;
 *   probes at or under the floor bound nothing). Reported as the worst relative violation
 *   max_t (bound_t - measured_t) / bound_t (0 when it holds); beyond NTK_TOLERANCE = 1% the NTK
 *   numbers are marked suspect: what is left is the float32 rounding of the loss and ||grad L||^2,
 *   sums over the training set good to about 1e-5.
 *
 * - Whether lambda_min is resolved at every probe: above the float32 noise floor of its kernel.
 *
 * - How far the kernel moves from its start against its initial spectral gap, the condition of
 *   Lemma 5.3's argument: max_t ||K_t - K_0||_2 / lambda_min(K_0). At most 1/2, Weyl's
 *   inequality gives lambda_min(K_t) >= lambda_min(K_0) / 2 at every probe; a ratio above 1 is
 *   the `weylVacuous` case (theory_check.ts), where positivity, if observed, came another way.
 */
import type { NtkSeries, Series } from "../report/schema.ts";

/** Relative violation of the full-kernel identity beyond which the NTK numbers are suspect. */
export const NTK_TOLERANCE = 0.01;

/** min_t lambda_min(K_t) and its ratio to lambda_min(K_0) (null without probes or lambda_0 <= 0). */
export function lambdaMinFloor(
  ntk: NtkSeries | undefined,
): { floor: number | null; ratio: number | null } {
  const values = (ntk?.lambdaMin ?? []).filter(Number.isFinite);
  if (values.length === 0) return { floor: null, ratio: null };
  const floor = Math.min(...values);
  const first = ntk!.lambdaMin[0]!;
  return { floor, ratio: Number.isFinite(first) && first > 0 ? floor / first : null };
}

/**
 * max_t ||K_t - K_0||_2 / lambda_min(K_0) over the probes of `ntk` (null without two probes or
 * with lambda_min(K_0) <= 0).
 *
 * @example
 * kernelShiftRatio({ lambdaMin: [2, 3], kernelShift: [0, 1], ... }); // 0.5
 */
export function kernelShiftRatio(ntk: NtkSeries | undefined): number | null {
  const first = ntk?.lambdaMin[0];
  const shifts = (ntk?.kernelShift ?? []).filter(Number.isFinite);
  if (first === undefined || !(first > 0) || shifts.length < 2) return null;
  return Math.max(...shifts) / first;
}

/**
 * True when lambda_min exceeds the float32 noise floor at every probe; null without probes or
 * without recorded floors (schema-1 reports).
 */
export function lambdaMinResolved(ntk: NtkSeries | undefined): boolean | null {
  const floors = ntk?.noiseFloor;
  if (ntk === undefined || floors === undefined || ntk.lambdaMin.length === 0) return null;
  return ntk.lambdaMin.every((l, i) => l > floors[i]!);
}

/**
 * The worst relative violation of ||grad L_t||^2 / (2 L_t) >= (lambda_min(K_t) - floor_t) /
 * (n alpha^2) over the probes of the full kernel `full` (n = full.k inputs, floor_t its float32
 * noise floor, 0 where none is recorded), read at the same epochs of `series`; `suspect` when it
 * exceeds NTK_TOLERANCE. Probes whose lambda_min is not above the floor bound nothing and are
 * skipped; null when no probe can be checked.
 *
 * @example
 * // lambda_min 4 on n = 2 inputs: bound 2; measured 8 / (2 * 1) = 4 holds
 * ntkConsistency(full, { epoch: [0], loss: [1], gradNormSq: [8], ... }, 1); // { violation: 0, ... }
 */
export function ntkConsistency(
  full: NtkSeries | undefined,
  series: Pick<Series, "epoch" | "loss" | "gradNormSq">,
  alpha = 1,
): { violation: number | null; suspect: boolean | null } {
  if (full === undefined) return { violation: null, suspect: null };
  let worst: number | null = null;
  full.epoch.forEach((epoch, p) => {
    const i = series.epoch.indexOf(epoch);
    const lambda = full.lambdaMin[p]! - (full.noiseFloor?.[p] ?? 0);
    if (i < 0 || !(lambda > 0) || !Number.isFinite(lambda)) return;
    const loss = series.loss[i]!;
    const q = series.gradNormSq[i]!;
    if (!(loss > 0) || !Number.isFinite(q)) return;
    const bound = lambda / (full.k * alpha * alpha);
    const violation = Math.max(0, (bound - q / (2 * loss)) / bound);
    worst = worst === null ? violation : Math.max(worst, violation);
  });
  return worst === null
    ? { violation: null, suspect: null }
    : { violation: worst, suspect: worst > NTK_TOLERANCE };
}
