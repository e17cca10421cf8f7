/**
 * The config values the analysis normalises by, read the same way for every suite:
 * - output scale alpha: `outputScale` (the MLP suites), else `alpha` (the lazy-training suites),
 *   else 1. Those suites train on 1/(2 n alpha^2) sum (alpha f - y)^2 and measure the kernel of
 *   alpha f, so a kernel eigenvalue lambda enters the loss's curvature as lambda / (n alpha^2);
 * - heavy-ball momentum beta: `momentum`, else 0 (plain gradient descent);
 * - `minDecades`, the decades of gap a geometric verdict needs (default 1).
 */
import type { RunConfig } from "../config/run_config.ts";
import { DEFAULT_MIN_DECADES } from "./decay_model.ts";

function positive(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : null;
}

/** alpha of a run (see the module comment). */
export function outputScaleOf(config: RunConfig): number {
  return positive(config.outputScale) ?? positive(config.alpha) ?? 1;
}

/** beta of a run (see the module comment). */
export function momentumOf(config: RunConfig): number {
  const m = config.momentum;
  return typeof m === "number" && m >= 0 && m < 1 ? m : 0;
}

/** `minDecades` of a run (see the module comment). */
export function minDecadesOf(config: RunConfig): number {
  const m = config.minDecades;
  return typeof m === "number" && Number.isFinite(m) && m >= 0 ? m : DEFAULT_MIN_DECADES;
}

/**
 * lr / eta_max for gradient descent (beta = 0) or heavy ball (beta > 0) on the squared loss:
 * stable below eta_max = 2 (1 + beta) n alpha^2 / lambda_max(K), with K the kernel of alpha f on
 * n inputs (for the probe subset, n = k: lambda_max of a kernel grows in proportion to its number
 * of inputs, so lambda_max(K_S) / k estimates lambda_max(K) / n).
 *
 * @example
 * etaOverEtaMax({ lr: 0.01, lambdaMax: 40, n: 200, alpha: 1, beta: 0 }); // 0.001
 */
export function etaOverEtaMax(
  o: { lr: number; lambdaMax: number; n: number; alpha: number; beta: number },
): number {
  return (o.lr * o.lambdaMax) / (2 * (1 + o.beta) * o.n * o.alpha * o.alpha);
}
