/**
 * The cells of a sweep, rebuilt from its reports: the grid each report carries (`sweep.grid`), the
 * fixed part of its config and the suite's extra cells give every planned cell with its id, so a
 * claim can name the cells that have no report. The rebuilt plan is trusted only when it hashes to
 * the sweep's id (the suite's extra cells may have changed since); otherwise the grid product and
 * the cells that have reports are used, and a note says so.
 */
import type { ConfigValue, RunConfig } from "../config/run_config.ts";
import type { Report } from "../report/schema.ts";
import { bestReports } from "../sweep/coverage.ts";
import { cellId, product } from "../sweep/grid.ts";
import { hashId } from "../sweep/hash.ts";
import { showValue, type SweepCell } from "./claim.ts";

/** What rebuilding a plan needs of a suite. */
export interface PlanSource {
  name: string;
  defaults: RunConfig;
  cells?: Partial<RunConfig>[];
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
 * Every cell of the sweep of `reports` (all of one sweep id), each with its best report (a finished
 * one beats a failed one) or null.
 */
export function sweepCells(suite: PlanSource, reports: readonly Report[]): SweepCells {
  const first = reports[0];
  if (first === undefined) throw new RangeError("sweepCells needs at least one report");
  const best = bestReports(reports);
  const axes = first.sweep.grid as Record<string, ConfigValue[]>;
  const fixed: Record<string, ConfigValue> = { ...first.config };
  for (const key of Object.keys(axes)) delete fixed[key];
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
  const cells: SweepCell[] = [];
  const seen = new Set<string>();
  const add = (id: string, config: RunConfig) => {
    if (seen.has(id)) return;
    seen.add(id);
    cells.push({ id, config, label: labelOf(config, labelKeys), report: best.get(id) ?? null });
  };
  for (const config of configs) add(cellId(config), config);
  for (const r of best.values()) add(r.id, r.config);
  const expected = first.sweep.cells;
  if (cells.length < expected) {
    notes.push(`the sweep planned ${expected} cells; ${cells.length} are known`);
  }
  return { suite: first.suite, sweepId: first.sweep.id, cells, notes };
}
