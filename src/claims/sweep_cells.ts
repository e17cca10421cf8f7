/**
 * The cells of a sweep, rebuilt from its reports: the plan of one report's sweep (src/sweep/plan.ts:
 * its grid, the fixed part of its config and the suite's extra cells) gives every planned cell with
 * its id, so a claim can name the cells that have no report. The rebuilt plan is trusted only when
 * it hashes to the sweep's id (the suite's extra cells may have changed since); otherwise the grid
 * product and the cells that have reports are used, and a note says so.
 */
import type { RunConfig } from "../config/run_config.ts";
import type { Report } from "../report/schema.ts";
import { bestReports } from "../sweep/coverage.ts";
import { type Plan, type PlanSource, rebuildPlan, type RebuiltPlan } from "../sweep/plan.ts";
import { showValue, type SweepCell } from "./claim.ts";

export type { PlanSource };

/** The cells of one sweep and what could not be rebuilt. */
export interface SweepCells {
  suite: string;
  sweepId: string;
  cells: SweepCell[];
  notes: string[];
}

/** The reports grouped by sweep id, in first-seen order. */
export function groupBySweep(reports: Iterable<Report>): Map<string, Report[]> {
  const groups = new Map<string, Report[]>();
  for (const r of reports) {
    const list = groups.get(r.sweep.id) ?? [];
    list.push(r);
    groups.set(r.sweep.id, list);
  }
  return groups;
}

function labelOf(config: RunConfig, keys: readonly string[]): string {
  if (keys.length === 0) return "the run";
  return keys.map((k) => `${k}=${showValue(config[k])}`).join(" ");
}

/**
 * Rebuilds the plan of the sweep a report belongs to: `rebuildPlan` of src/sweep/plan.ts, or a
 * caller's cached version of it (the dashboard keeps the plans of the sweeps it judges again after
 * every write).
 */
export type PlanRebuilder = (source: PlanSource, report: Report) => RebuiltPlan;

interface Labelled {
  planned: { id: string; config: RunConfig; label: string }[];
  ids: ReadonlySet<string>;
  labelKeys: string[];
}

/** The labelled cells of each plan, kept as long as the plan is (a rebuilder's cache keeps it). */
const LABELLED = new WeakMap<Plan, Labelled>();

/** The plan's cells with their labels (grid keys and the extra cells' keys) and its id set. */
function labelled(plan: Plan, suite: PlanSource): Labelled {
  const kept = LABELLED.get(plan);
  if (kept !== undefined) return kept;
  const labelKeys = [
    ...new Set([...Object.keys(plan.axes), ...(suite.cells ?? []).flatMap((e) => Object.keys(e))]),
  ];
  const planned = plan.cells.map((c) => ({
    id: c.id,
    config: c.config,
    label: labelOf(c.config, labelKeys),
  }));
  const made = { planned, ids: new Set(planned.map((c) => c.id)), labelKeys };
  LABELLED.set(plan, made);
  return made;
}

/**
 * The sweep's plan from its first report, or, when that report is one of the suite's extra cells
 * (its fixed part then differs from the grid's), from the first report that differs from it in the
 * extra cells' keys and rebuilds the whole plan.
 */
function sweepPlan(
  suite: PlanSource,
  reports: readonly Report[],
  rebuild: PlanRebuilder,
): RebuiltPlan {
  const first = reports[0]!;
  const rebuilt = rebuild(suite, first);
  const keys = [...new Set((suite.cells ?? []).flatMap((e) => Object.keys(e)))]
    .filter((k) => !Object.hasOwn(first.sweep.grid, k));
  if (rebuilt.whole || keys.length === 0) return rebuilt;
  const tried = new Set([keys.map((k) => String(first.config[k])).join("|")]);
  for (const r of reports) {
    const values = keys.map((k) => String(r.config[k])).join("|");
    if (tried.has(values)) continue;
    tried.add(values);
    const other = rebuild(suite, r);
    if (other.whole) return other;
  }
  return rebuilt;
}

/**
 * Every cell of the sweep of `reports` (all of one sweep id), each with its best report (a finished
 * one beats a failed one) or null.
 */
export function sweepCells(
  suite: PlanSource,
  reports: readonly Report[],
  rebuild: PlanRebuilder = rebuildPlan,
): SweepCells {
  const first = reports[0];
  if (first === undefined) throw new RangeError("sweepCells needs at least one report");
  const best = bestReports(reports);
  const { plan, whole } = sweepPlan(suite, reports, rebuild);
  const { planned, ids, labelKeys } = labelled(plan, suite);
  const cells: SweepCell[] = planned.map((c) => ({ ...c, report: best.get(c.id) ?? null }));
  // best holds one report per id, so only the plan's ids can repeat
  for (const r of best.values()) {
    if (ids.has(r.id)) continue;
    cells.push({ id: r.id, config: r.config, label: labelOf(r.config, labelKeys), report: r });
  }
  const notes = whole ? [] : [
    `the plan of sweep ${first.sweep.id} could not be rebuilt from suite ${suite.name} as it ` +
    `is now: cells beyond the grid ${Object.keys(plan.axes).join(" x ") || "(none)"} are known ` +
    `only from their reports`,
  ];
  const expected = first.sweep.cells;
  if (cells.length < expected) {
    notes.push(`the sweep planned ${expected} cells; ${cells.length} are known`);
  }
  return { suite: first.suite, sweepId: first.sweep.id, cells, notes };
}
