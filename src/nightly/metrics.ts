/**
 * Which way each metric regresses, and how wide its tolerance is.
 *
 * A summary metric regresses when it moves to the side the metric catalogue
 * (src/report/metrics.ts) calls worse (`better: "higher"` regresses when lower, `"lower"` when
 * higher); one whose neither side is better (lambda0, ntkDriftPct, finalDrift, ... and a suite's
 * own values) regresses on any change beyond its tolerance. The nightly compares the catalogue's
 * `nightly` metrics and a suite's own numbers and flags (true 1, false 0), and adds its own:
 *
 * | metric          | regressed when | why                                                        |
 * | --------------- | -------------- | ---------------------------------------------------------- |
 * | decayModel      | any change     | summary.decay.model, coded geometric 0, power 1, linear 2, |
 * |                 |                | undetermined 3: a changed verdict is a regression          |
 * | plVerdict       | any change     | summary.plVerdict (the PL verdict along the run), coded as |
 * |                 |                | the claim verdicts                                         |
 * | claim:<id>      | any change     | a suite claim's verdict on the entry (claim_verdicts.ts),  |
 * |                 |                | coded holds 0, fails 1, inconclusive 2                     |
 * | speedRatio      | higher         | seconds per epoch / calibration seconds: slower code       |
 * | completeRuns    | fewer          | a seed that completed now diverges or fails                |
 * | *seconds*, *Ms  | not compared   | wall-clock timings other than secondsPerEpoch vary with load |
 *
 * Tolerance of a metric at a grid point (see `toleranceFor`):
 * - exact toys (closed-form suites, deterministic): `max(1e-9, 1e-6 * |baseline|)`;
 * - where the baseline measured rerun noise (`deno task nightly --rerun`: every cell run twice),
 *   each seed is compared with its own baseline value within `max(3 * rerun, 1e-4 * |baseline|,
 *   absFloor)`, `rerun` the largest difference between the two runs of a cell over the seeds.
 *   A seed's run is deterministic on its backend (same data order, same kernels), so the spread
 *   across seeds is not the noise of a rerun: a 20% smaller step moves every seed's loss by far
 *   less than the seeds differ from each other, and far more than a rerun does;
 * - otherwise (no rerun noise measured, or another backend than the baseline's) the means over the
 *   seeds within `max(k * std, relFloor * |baseline|, absFloor)`, `std` the baseline's across-seed
 *   standard deviation (0 with one seed), `k = 3`, `relFloor = 0.02`, `absFloor = 1e-12`;
 * - speedRatio: always the means, with `relFloor = 0.5`: wall time on a shared machine is noisy
 *   even after dividing by the calibration benchmark (two identical nights on a loaded 2-core
 *   machine differed by up to 28% per grid point), so only slowdowns beyond 1.5x are flagged.
 */
import { metricOf, SUMMARY_METRICS } from "../report/metrics.ts";

/** Which direction of change counts as a regression. */
export type Direction = "higher-is-worse" | "lower-is-worse" | "neutral";

/** Direction of the nightly's own metrics (summary metrics take theirs from the catalogue). */
const NIGHTLY_DIRECTIONS: Readonly<Record<string, Direction>> = {
  speedRatio: "higher-is-worse",
  completeRuns: "lower-is-worse",
};

/**
 * Summary fields not compared one by one: those the catalogue does not show in the nightly
 * (`secondsPerEpoch` is compared as `speedRatio`; the window and the kernels' names are
 * bookkeeping of the analysis, their effect shows in the rate metrics). Any other wall-clock
 * timing (see `isTiming`) is skipped too.
 */
export const SKIPPED_SUMMARY_KEYS: ReadonlySet<string> = new Set(
  SUMMARY_METRICS.filter((m) => !m.views.includes("nightly")).map((m) => m.key),
);

/**
 * A summary key holding a wall-clock time (e.g. `probeSeconds`): it varies with the machine's load,
 * so it is not compared (speed is tracked through `speedRatio` only).
 */
export function isTiming(key: string): boolean {
  return /seconds/i.test(key) || /[a-z]Ms$/.test(key);
}

/** Tolerance parameters; the defaults are documented in this module's header. */
export interface ToleranceRule {
  k: number;
  relFloor: number;
  absFloor: number;
}

/** Default rule for measured (non-exact) metrics. */
export const DEFAULT_RULE: ToleranceRule = { k: 3, relFloor: 0.02, absFloor: 1e-12 };
/** Rule for the speed ratio. */
export const SPEED_RULE: ToleranceRule = { k: 3, relFloor: 0.5, absFloor: 1e-12 };
/** Rule for deterministic closed-form toys. */
export const EXACT_RULE: ToleranceRule = { k: 0, relFloor: 1e-6, absFloor: 1e-9 };
/** Rule for one seed against its own baseline value, `k` times the measured rerun noise. */
export const RERUN_RULE: ToleranceRule = { k: 3, relFloor: 1e-4, absFloor: 1e-12 };

/** Codes of summary.decay.model in the `decayModel` metric (the nightly compares numbers). */
export const DECAY_MODEL_CODES: Readonly<Record<string, number>> = {
  geometric: 0,
  power: 1,
  linear: 2,
  undetermined: 3,
};

/** Codes of claim verdicts in the `claim:<id>` rows (src/nightly/claim_verdicts.ts). */
export const CLAIM_VERDICT_CODES: Readonly<Record<string, number>> = {
  holds: 0,
  fails: 1,
  inconclusive: 2,
};

/**
 * How a metric's value reads in a table: decayModel, plVerdict and claim verdicts by their names,
 * others as numbers (null).
 */
export function categoryName(metric: string, value: number | null): string | null {
  if (value === null) return null;
  const codes = metric === "decayModel"
    ? DECAY_MODEL_CODES
    : metric.startsWith("claim:") || metric === "plVerdict"
    ? CLAIM_VERDICT_CODES
    : null;
  if (codes === null) return null;
  return Object.entries(codes).find(([, code]) => code === value)?.[0] ?? null;
}

/** The direction of a metric: the catalogue's better side, the nightly's own, else neutral. */
export function directionOf(metric: string): Direction {
  const better = metricOf(metric)?.better;
  if (better === "higher") return "lower-is-worse";
  if (better === "lower") return "higher-is-worse";
  return NIGHTLY_DIRECTIONS[metric] ?? "neutral";
}

/**
 * Tolerance of one metric at one grid point, from the baseline's across-seed spread.
 *
 * @example toleranceFor("lStar", { mean: 0.5, std: 0.01 }, false) // 0.03 = 3 * 0.01
 */
export function toleranceFor(
  metric: string,
  baseline: { mean: number; std: number },
  exact: boolean,
): number {
  if (metric === "completeRuns") return 0;
  const rule = metric === "speedRatio" ? SPEED_RULE : exact ? EXACT_RULE : DEFAULT_RULE;
  return Math.max(rule.k * baseline.std, rule.relFloor * Math.abs(baseline.mean), rule.absFloor);
}

/**
 * Tolerance of one seed's value against its own baseline value `value`, from the measured rerun
 * noise `rerun` (see the module comment).
 *
 * @example seedTolerance(0.2, 0) // 2e-5 = 1e-4 * 0.2
 */
export function seedTolerance(value: number, rerun: number): number {
  const r = RERUN_RULE;
  return Math.max(r.k * rerun, r.relFloor * Math.abs(value), r.absFloor);
}
