/**
 * The cells of a sweep, rebuilt from its reports: the plan of one report's sweep (src/sweep/plan.ts:
 * its grid, the fixed part of its config and the suite's extra cells) gives every planned cell with
 * its id, so a claim can name the cells that have no report. The rebuilt plan is trusted only when
 * it hashes to the sweep's id (the suite's extra cells may have changed since); otherwise the grid
 * product and the cells that have reports are used, and a note says so.
 * A planned cell without a finished report of its own sweep takes one of the same cell (same id:
 * same config) that another sweep wrote, as a resumed sweep reuses it, when that report probed the
 * inputs the cell draws.
 */
import type { RunConfig } from "../config/run_config.ts";
import type { Report } from "../report/schema.ts";
import { bestReports } from "../sweep/coverage.ts";
import { type Plan, type PlanSource, rebuildPlan, type RebuiltPlan } from "../sweep/plan.ts";
import { showValue, type SweepCell } from "./claim.ts";
import { type ProbeSubsetOf, staleProbe } from "../sweep/probe_reuse.ts";

/** What rebuilding a plan needs of a suite, and `probeSubset`, to judge other sweeps' reports. */
export interface CellSource extends PlanSource {
  probeSubset?: ProbeSubsetOf;
}

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

/** A planned cell with the label evidence names it by. */
interface PlannedCell {
  id: string;
  config: RunConfig;
  label: string;
}

interface Labelled {
  planned: PlannedCell[];
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

/** Reports of planned cells that another sweep wrote: those taken and those refused, with why. */
interface Borrowed {
  taken: PlannedCell[];
  refused: { cell: PlannedCell; reason: string }[];
}

/**
 * The report of planned cell `c`: its own sweep's best, else the first finished one of the same id
 * in `elsewhere` that another sweep wrote and that probed the inputs the cell draws (noted in
 * `borrowed`, as is the reason a candidate was refused when none is taken).
 */
function reportOf(
  c: PlannedCell,
  sweepId: string,
  own: Map<string, Report>,
  elsewhere: ReadonlyMap<string, readonly Report[]>,
  suite: CellSource,
  borrowed: Borrowed,
): Report | null {
  const mine = own.get(c.id) ?? null;
  if (mine !== null && mine.status !== "failed") return mine;
  let refusal: string | null = null;
  for (const other of elsewhere.get(c.id) ?? []) {
    if (other.status === "failed" || other.sweep.id === sweepId) continue;
    const stale = staleProbe(other, suite.probeSubset);
    if (stale === null) {
      borrowed.taken.push(c);
      return other;
    }
    refusal ??= stale;
  }
  if (refusal !== null) borrowed.refused.push({ cell: c, reason: refusal });
  return mine;
}

function borrowedNotes(borrowed: Borrowed): string[] {
  const notes: string[] = [];
  if (borrowed.taken.length > 0) {
    notes.push(
      `${borrowed.taken.length} cells have their report from another sweep of the same cell ` +
        `(same config): ${borrowed.taken.map((c) => c.label).join(", ")}`,
    );
  }
  const first = borrowed.refused[0];
  if (first !== undefined) {
    notes.push(
      `${borrowed.refused.length} reports of the same cell from another sweep are not used: ` +
        `${first.cell.label}: ${first.reason}` + (borrowed.refused.length > 1 ? "; ..." : ""),
    );
  }
  return notes;
}

/**
 * Every cell of the sweep of `reports` (all of one sweep id), each with its best report (a finished
 * one beats a failed one) or null. `elsewhere` (reports by id, e.g. of every sweep in the same
 * folders) fills a cell that has no finished report of its own sweep, when its report probed the
 * inputs the cell draws (src/sweep/probe_reuse.ts); a note names such cells.
 */
export function sweepCells(
  suite: CellSource,
  reports: readonly Report[],
  elsewhere: ReadonlyMap<string, readonly Report[]> = new Map(),
  rebuild: PlanRebuilder = rebuildPlan,
): SweepCells {
  const first = reports[0];
  if (first === undefined) throw new RangeError("sweepCells needs at least one report");
  const best = bestReports(reports);
  const { plan, whole } = sweepPlan(suite, reports, rebuild);
  const { planned, ids, labelKeys } = labelled(plan, suite);
  const borrowed: Borrowed = { taken: [], refused: [] };
  const cells: SweepCell[] = planned.map((c) => ({
    ...c,
    report: reportOf(c, first.sweep.id, best, elsewhere, suite, borrowed),
  }));
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
  notes.push(...borrowedNotes(borrowed));
  const expected = first.sweep.cells;
  if (cells.length < expected) {
    notes.push(`the sweep planned ${expected} cells; ${cells.length} are known`);
  }
  return { suite: first.suite, sweepId: first.sweep.id, cells, notes };
}
