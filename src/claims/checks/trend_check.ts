/**
 * "X grows (or shrinks) with the width": the selected cells are grouped by one grid axis, each
 * group's metric is averaged over its seeds, and the averages must move strictly one way from
 * each axis value to the next. Fewer than two axis values, or a selected cell without a report,
 * leave the claim inconclusive, naming what is missing.
 */
import type { Report } from "../../report/schema.ts";
import {
  type ClaimInput,
  type Judgement,
  type Measured,
  num,
  type SweepCell,
  type Threshold,
} from "../claim.ts";
import { missingLabel, usable } from "../rules.ts";
import { mean } from "../../util/stats.ts";

/** One metric a trend is judged on. */
export interface TrendMetric {
  label: string;
  value: (report: Report) => number | null;
}

/** The groups of selected cells by the value of `axis`, in increasing order. */
export interface AxisGroup {
  value: number;
  cells: SweepCell[];
}

/** Groups `cells` by their numeric config value of `axis`, ascending. */
export function groupAlong(cells: readonly SweepCell[], axis: string): AxisGroup[] {
  const groups = new Map<number, SweepCell[]>();
  for (const c of cells) {
    const v = Number(c.config[axis]);
    groups.set(v, [...(groups.get(v) ?? []), c]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([value, cells]) => ({
    value,
    cells,
  }));
}

/** The cross-seed mean of `metric` over a group's reports, and the measured entry for it. */
export function groupMean(
  group: AxisGroup,
  axis: string,
  metric: TrendMetric,
): { mean: number | null; measured: Measured } {
  const reports = group.cells.map(usable).filter((r): r is Report => r !== null);
  const values = reports.map(metric.value);
  const m = values.length === 0 || values.some((v) => v === null) ? null : mean(values as number[]);
  const seeds = reports.length === 1 ? "" : ` (mean of ${reports.length} runs)`;
  return {
    mean: m,
    measured: {
      what: metric.label,
      value: m,
      at: `${axis}=${group.value}${seeds}`,
      runs: reports.map((r) => r.id),
    },
  };
}

/** Options of `judgeTrend`. */
export interface TrendOptions {
  axis: string;
  direction: "increasing" | "decreasing";
  metrics: TrendMetric[];
  select?: (cell: SweepCell) => boolean;
  /** Why strict monotonicity of the means is the test (shown with the threshold). */
  why: string;
}

/** The config keys besides `axis` and `seed` whose values differ among `cells`. */
export function otherAxes(cells: readonly SweepCell[], axis: string): string[] {
  const keys = new Set(cells.flatMap((c) => Object.keys(c.config)));
  return [...keys].filter((k) =>
    k !== axis && k !== "seed" && new Set(cells.map((c) => String(c.config[k]))).size > 1
  ).sort();
}

/** The cells split by their values of `keys` (one slice when `keys` is empty). */
function slices(cells: readonly SweepCell[], keys: readonly string[]): [string, SweepCell[]][] {
  const out = new Map<string, SweepCell[]>();
  for (const c of cells) {
    const name = keys.map((k) => `${k}=${String(c.config[k])}`).join(" ");
    out.set(name, [...(out.get(name) ?? []), c]);
  }
  return [...out.entries()];
}

function judgeSlice(
  name: string,
  cells: readonly SweepCell[],
  options: TrendOptions,
): { verdict: Judgement["verdict"]; parts: string[]; measured: Measured[]; missing: string[] } {
  const { axis, direction } = options;
  const at = name === "" ? "" : ` at ${name}`;
  const groups = groupAlong(cells, axis);
  const missing = cells.filter((c) => usable(c) === null).map(missingLabel);
  if (groups.length < 2) {
    const have = groups.length === 0
      ? "none"
      : `only ${axis} = ${groups.map((g) => g.value).join(", ")}`;
    const need = `at least two values of ${axis}${at} (the sweep has ${have})`;
    return { verdict: "inconclusive", parts: [`needs ${need}`], measured: [], missing: [need] };
  }
  if (missing.length > 0) {
    const part = `${missing.length} cells without a report: ${missing.join(", ")}`;
    return { verdict: "inconclusive", parts: [part], measured: [], missing };
  }
  const measured: Measured[] = [];
  const parts: string[] = [];
  let verdict: Judgement["verdict"] = "holds";
  for (const metric of options.metrics) {
    const means = groups.map((g) => groupMean(g, axis, metric));
    measured.push(...means.map((m) => m.measured));
    const values = means.map((m) => m.mean);
    if (values.some((v) => v === null)) {
      if (verdict === "holds") verdict = "inconclusive";
      parts.push(`${metric.label}${at}: not in every report`);
      continue;
    }
    const vs = values as number[];
    const ok = vs.slice(1).every((v, i) => direction === "increasing" ? v > vs[i]! : v < vs[i]!);
    if (!ok) verdict = "fails";
    parts.push(
      `${metric.label}${at} ${vs.map(num).join(" -> ")} over ${axis} ` +
        `${groups.map((g) => g.value).join(", ")}${ok ? "" : ` (not ${direction})`}`,
    );
  }
  return { verdict, parts, measured, missing: [] };
}

/**
 * Judges the trend of each metric along the axis; every metric must move the stated way. When
 * other grid keys vary too (besides the seed), each combination of them is judged on its own and
 * every one must hold.
 */
export function judgeTrend(input: ClaimInput, options: TrendOptions): Judgement {
  const { axis, direction } = options;
  const cells = input.cells.filter(options.select ?? (() => true));
  const rule = `the mean over seeds at each ${axis} must be strictly ` +
    `${direction === "increasing" ? "above" : "below"} the one at the previous ${axis}, ` +
    `for every metric` +
    (otherAxes(cells, axis).length > 0 ? " and every setting of the other keys" : "");
  const thresholds: Threshold[] = [
    { what: `consecutive change along ${axis}`, value: direction, why: options.why },
  ];
  const judged = slices(cells, otherAxes(cells, axis)).map(([name, part]) =>
    judgeSlice(name, part, options)
  );
  const verdicts = judged.map((j) => j.verdict);
  const verdict = verdicts.length === 0 || verdicts.includes("inconclusive")
    ? (verdicts.includes("fails") ? "fails" : "inconclusive")
    : verdicts.includes("fails")
    ? "fails"
    : "holds";
  return {
    verdict,
    line: judged.length === 0 ? "no cells" : judged.flatMap((j) => j.parts).join("; "),
    measured: judged.flatMap((j) => j.measured),
    thresholds,
    rule,
    missing: judged.length === 0 ? [`cells along ${axis}`] : judged.flatMap((j) => j.missing),
  };
}
