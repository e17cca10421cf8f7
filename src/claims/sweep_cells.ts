/**
 * The cells of a sweep, rebuilt from its reports: the grid each report carries (`sweep.grid`), the
 * fixed part of its config and the suite's extra cells give every planned cell with its id, so a
 * claim can name the cells that have no report. The rebuilt plan is trusted only when it hashes to
 * the sweep's id (the suite's extra cells may have changed since); otherwise the grid product and
 * the cells that have reports are used, and a note says so. A planned cell without a finished
 * report of its own sweep takes one of the same cell (same id: same config) that another sweep
 * wrote, as a resumed sweep reuses it, when that report probed the inputs the cell draws.
 */
import type { ConfigValue, RunConfig } from "../config/run_config.ts";
import type { Report } from "../report/schema.ts";
import { bestReports } from "../sweep/coverage.ts";
import { cellId, product } from "../sweep/grid.ts";
import { canonicalJson, hashId } from "../sweep/hash.ts";
import { showValue, type SweepCell } from "./claim.ts";
import { type ProbeSubsetOf, staleProbe } from "../sweep/probe_reuse.ts";

/** What rebuilding a plan needs of a suite (and `probeSubset`, to judge other sweeps' reports). */
export interface PlanSource {
  name: string;
  defaults: RunConfig;
  cells?: Partial<RunConfig>[];
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

interface PlannedCell {
  id: string;
  config: RunConfig;
  label: string;
}

interface Plan {
  planned: PlannedCell[];
  /** The planned cells' ids. */
  ids: ReadonlySet<string>;
  labelKeys: string[];
  notes: string[];
}

/**
 * Plans already rebuilt, by everything they are built from: a stored sweep judged again after a
 * write reuses its plan instead of hashing every planned cell's config again.
 */
const PLANS = new Map<string, Plan>();
const MAX_PLANS = 8;

function rebuildPlan(
  suite: PlanSource,
  first: Report,
  axes: Record<string, ConfigValue[]>,
  fixed: Record<string, ConfigValue>,
): Plan {
  const base: RunConfig = { ...fixed } as RunConfig;
  for (const key of Object.keys(axes)) {
    const value = suite.defaults[key];
    if (value !== undefined) base[key] = value;
  }
  const extras = suite.cells ?? [];
  const planned = extras.length === 0
    ? hashId({ suite: first.suite, fixed, axes })
    : hashId({ suite: first.suite, fixed, axes, extraCells: extras });
  const notes: string[] = [];
  const configs = product(axes).map((p) => ({ ...base, ...p }) as RunConfig);
  if (planned === first.sweep.id) {
    configs.push(...extras.map((e) => ({ ...base, ...e }) as RunConfig));
  } else {
    notes.push(
      `the plan of sweep ${first.sweep.id} could not be rebuilt from suite ${suite.name} as it ` +
        `is now: cells beyond the grid ${Object.keys(axes).join(" x ") || "(none)"} are known ` +
        `only from their reports`,
    );
  }
  const labelKeys = [...new Set([...Object.keys(axes), ...extras.flatMap((e) => Object.keys(e))])];
  const seen = new Set<string>();
  const cells: PlannedCell[] = [];
  for (const config of configs) {
    const id = cellId(config);
    if (seen.has(id)) continue;
    seen.add(id);
    cells.push({ id, config, label: labelOf(config, labelKeys) });
  }
  return { planned: cells, ids: seen, labelKeys, notes };
}

function planOf(
  suite: PlanSource,
  first: Report,
  axes: Record<string, ConfigValue[]>,
  fixed: Record<string, ConfigValue>,
): Plan {
  const key = canonicalJson({
    suite: suite.name,
    defaults: suite.defaults,
    extras: suite.cells ?? [],
    reportSuite: first.suite,
    sweep: first.sweep.id,
    axes,
    fixed,
  });
  const kept = PLANS.get(key);
  if (kept !== undefined) return kept;
  const plan = rebuildPlan(suite, first, axes, fixed);
  if (PLANS.size >= MAX_PLANS) PLANS.delete(PLANS.keys().next().value!);
  PLANS.set(key, plan);
  return plan;
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
  suite: PlanSource,
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
  suite: PlanSource,
  reports: readonly Report[],
  elsewhere: ReadonlyMap<string, readonly Report[]> = new Map(),
): SweepCells {
  const first = reports[0];
  if (first === undefined) throw new RangeError("sweepCells needs at least one report");
  const best = bestReports(reports);
  const axes = first.sweep.grid as Record<string, ConfigValue[]>;
  const fixed: Record<string, ConfigValue> = { ...first.config };
  for (const key of Object.keys(axes)) delete fixed[key];
  const plan = planOf(suite, first, axes, fixed);
  const borrowed: Borrowed = { taken: [], refused: [] };
  const cells: SweepCell[] = plan.planned.map((c) => ({
    ...c,
    report: reportOf(c, first.sweep.id, best, elsewhere, suite, borrowed),
  }));
  // best holds one report per id, so only the plan's ids can repeat
  for (const r of best.values()) {
    if (plan.ids.has(r.id)) continue;
    cells.push({ id: r.id, config: r.config, label: labelOf(r.config, plan.labelKeys), report: r });
  }
  const notes = [...plan.notes, ...borrowedNotes(borrowed)];
  const expected = first.sweep.cells;
  if (cells.length < expected) {
    notes.push(`the sweep planned ${expected} cells; ${cells.length} are known`);
  }
  return { suite: first.suite, sweepId: first.sweep.id, cells, notes };
}
