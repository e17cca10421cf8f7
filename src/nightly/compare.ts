/**
 * compare(observed, baseline): one verdict per metric per grid point (pass / regressed / improved /
 * new), with the observed value, the baseline value and the tolerance used. Where the baseline
 * measured rerun noise, each seed is compared with its own baseline value; else the means over the
 * seeds are compared within the baseline's across-seed spread (metrics.ts says which and why).
 */
import type { Baseline, MetricStats, PointStats } from "./baseline.ts";
import { type Direction, directionOf, toleranceFor } from "./metrics.ts";
import { compareSeeds, judge } from "./judge.ts";
import { mean } from "../util/stats.ts";

import type { VerdictKind } from "./judge.ts";
export type { VerdictKind };

/** One metric at one grid point, compared to its baseline. */
export interface Verdict {
  point: string;
  suite: string;
  metric: string;
  verdict: VerdictKind;
  direction: Direction;
  /** Mean over the compared seeds (null where undefined). */
  observed: number | null;
  baseline: number | null;
  tolerance: number | null;
  /** The seeds both sides have, which the means are taken over. */
  seeds: number[];
  /** Ids of the night's runs at this grid point, by seed. */
  runs: Record<string, string>;
  note: string | null;
}

function completeSeeds(p: PointStats): Set<string> {
  const c = p.metrics.completeRuns;
  const out = new Set<string>();
  if (c === undefined) return new Set(p.seeds.map(String));
  for (const [seed, v] of Object.entries(c.values)) if (v === 1) out.add(seed);
  return out;
}

function compareMetric(
  metric: string,
  obs: MetricStats,
  base: MetricStats,
  seeds: string[],
  exact: boolean,
  perSeed: boolean,
): Pick<Verdict, "verdict" | "observed" | "baseline" | "tolerance" | "note"> {
  const o = seeds.map((s) => obs.values[s] ?? null);
  const b = seeds.map((s) => base.values[s] ?? null);
  const flipped = seeds.filter((_, i) => (o[i] === null) !== (b[i] === null));
  const oNum = o.filter((v): v is number => v !== null);
  const bNum = b.filter((v): v is number => v !== null);
  const observed = oNum.length > 0 ? mean(oNum) : null;
  const baseline = bNum.length > 0 ? mean(bNum) : null;
  if (flipped.length > 0) {
    const note = `defined in only one of baseline and tonight at seed(s) ${flipped.join(", ")}`;
    return { verdict: "regressed", observed, baseline, tolerance: null, note };
  }
  if (observed === null || baseline === null) {
    return {
      verdict: "pass",
      observed,
      baseline,
      tolerance: null,
      note: "undefined on both sides",
    };
  }
  if (perSeed && !exact && metric !== "speedRatio" && base.rerun !== undefined) {
    const both = seeds.filter((_, i) => o[i] !== null);
    const ov = o.filter((v): v is number => v !== null);
    const bv = b.filter((v): v is number => v !== null);
    return { observed, baseline, ...compareSeeds(metric, ov, bv, both, base.rerun) };
  }
  const tolerance = toleranceFor(metric, { mean: baseline, std: base.std }, exact);
  return {
    verdict: judge(metric, observed, baseline, tolerance),
    observed,
    baseline,
    tolerance,
    note: null,
  };
}

/**
 * Compares one grid point's observations to its baseline, seed by matching seed; `perSeed`: each
 * seed against its own value where the baseline measured rerun noise (else the means).
 */
export function comparePoint(
  key: string,
  obs: PointStats,
  base: PointStats,
  perSeed = true,
): Verdict[] {
  const common = obs.seeds.map(String).filter((s) => base.seeds.map(String).includes(s));
  const okObs = completeSeeds(obs);
  const okBase = completeSeeds(base);
  const bothComplete = common.filter((s) => okObs.has(s) && okBase.has(s));
  const names = new Set([...Object.keys(obs.metrics), ...Object.keys(base.metrics)]);
  const verdicts: Verdict[] = [];
  for (const metric of [...names].sort()) {
    const o = obs.metrics[metric];
    const b = base.metrics[metric];
    const seeds = metric === "completeRuns" ? common : bothComplete;
    const shared = {
      point: key,
      suite: obs.suite,
      metric,
      direction: directionOf(metric),
      seeds: seeds.map(Number),
      runs: obs.runs,
    };
    if (b === undefined) {
      verdicts.push({
        ...shared,
        verdict: "new",
        observed: o?.mean ?? null,
        baseline: null,
        tolerance: null,
        note: "not in the baseline",
      });
    } else if (o === undefined) {
      const ran = bothComplete.length > 0;
      verdicts.push({
        ...shared,
        verdict: ran ? "regressed" : "pass",
        observed: null,
        baseline: b.mean,
        tolerance: null,
        note: ran ? "missing from tonight's summary" : "no complete run to compare",
      });
    } else if (seeds.length === 0) {
      verdicts.push({
        ...shared,
        verdict: "pass",
        observed: o.mean,
        baseline: b.mean,
        tolerance: null,
        note: "no seed in common with the baseline",
      });
    } else {
      verdicts.push({ ...shared, ...compareMetric(metric, o, b, seeds, base.exact, perSeed) });
    }
  }
  return verdicts;
}

/**
 * Compares a night's observations to a baseline. Grid points named in `expected` (the points this
 * shard ran) that have no observation are regressions; observed points absent from the baseline
 * are `new` and do not fail the night. Speed ratios are compared only when both sides ran the same
 * calibration benchmark (same name: size and backend). Seeds are compared one by one within the
 * rerun noise only on the baseline's backend (rerun noise on one backend says nothing of the
 * rounding of another); on another backend the means are compared within the seeds' spread.
 */
export function compare(observed: Baseline, baseline: Baseline, expected?: string[]): Verdict[] {
  const out: Verdict[] = [];
  const speedComparable = observed.calibration.name === baseline.calibration.name;
  const perSeed = (observed.env.backend ?? null) === (baseline.env.backend ?? null);
  const keys = new Set([...Object.keys(observed.points), ...(expected ?? [])]);
  for (const key of [...keys].sort()) {
    const o = observed.points[key];
    const b = baseline.points[key];
    if (o === undefined) {
      out.push({
        point: key,
        suite: b?.suite ?? JSON.parse(key).suite ?? "?",
        metric: "completeRuns",
        verdict: "regressed",
        direction: "lower-is-worse",
        observed: null,
        baseline: b?.metrics.completeRuns?.mean ?? null,
        tolerance: 0,
        seeds: [],
        runs: {},
        note: "no report for this grid point",
      });
    } else if (b === undefined) {
      out.push({
        point: key,
        suite: o.suite,
        metric: "(point)",
        verdict: "new",
        direction: "neutral",
        observed: null,
        baseline: null,
        tolerance: null,
        seeds: o.seeds,
        runs: o.runs,
        note: "grid point not in the baseline; record a new baseline to track it",
      });
    } else {
      out.push(
        ...comparePoint(key, o, b, perSeed).map((v) =>
          speedComparable || v.metric !== "speedRatio" ? v : {
            ...v,
            verdict: "pass" as const,
            tolerance: null,
            note: `not compared: calibration ${observed.calibration.name} differs from the ` +
              `baseline's ${baseline.calibration.name}`,
          }
        ),
      );
    }
  }
  return out;
}

/** True when any verdict is a regression. */
export function anyRegressed(verdicts: Verdict[]): boolean {
  return verdicts.some((v) => v.verdict === "regressed");
}
