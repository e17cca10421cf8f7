/**
 * Judging one metric: a value against its reference within a tolerance (pass, regressed or
 * improved by the metric's direction), and each seed against its own baseline value within the
 * tolerance its measured rerun noise allows (metrics.ts).
 */
import { categoryName, directionOf, seedTolerance } from "./metrics.ts";
import { formatNumber } from "../util/number_format.ts";

/** Outcome of one metric at one grid point. */
export type VerdictKind = "pass" | "regressed" | "improved" | "new";

/** One verdict of a value against its reference. */
export function judge(
  metric: string,
  observed: number,
  reference: number,
  tolerance: number,
): VerdictKind {
  const delta = observed - reference;
  if (Math.abs(delta) <= tolerance) return "pass";
  const direction = directionOf(metric);
  if (direction === "neutral") return "regressed";
  const worse = direction === "higher-is-worse" ? delta > 0 : delta < 0;
  return worse ? "regressed" : "improved";
}

function show(metric: string, value: number): string {
  return categoryName(metric, value) ?? formatNumber(value);
}

/**
 * Each seed against its own baseline value, within its rerun tolerance: regressed when a seed is
 * worse beyond it, improved when every seed beyond it is better; the note names the worst seed.
 */
export function compareSeeds(
  metric: string,
  o: number[],
  b: number[],
  seeds: string[],
  rerun: number,
): { verdict: VerdictKind; tolerance: number; note: string | null } {
  const tolerances = b.map((value) => seedTolerance(value, rerun));
  const outside = seeds.map((seed, i) => ({ seed, i, delta: o[i]! - b[i]! }))
    .filter(({ i, delta }) => Math.abs(delta) > tolerances[i]!);
  const tolerance = Math.max(...tolerances);
  if (outside.length === 0) return { verdict: "pass", tolerance, note: null };
  const kinds = outside.map(({ i }) => judge(metric, o[i]!, b[i]!, tolerances[i]!));
  const worst = outside.reduce((a, c) => (Math.abs(c.delta) > Math.abs(a.delta) ? c : a));
  return {
    verdict: kinds.includes("regressed") ? "regressed" : "improved",
    tolerance,
    note:
      `per seed: ${outside.length} of ${seeds.length} outside 3 x rerun noise; seed ${worst.seed} ` +
      `${show(metric, o[worst.i]!)} vs ${show(metric, b[worst.i]!)} (±${
        tolerances[worst.i]!.toPrecision(2)
      })`,
  };
}
