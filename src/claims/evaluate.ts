/**
 * Evaluates a suite's claims on the reports of its sweeps: reports are grouped by sweep, each
 * sweep's cells are rebuilt (sweep_cells.ts) and every claim's check is run on them.
 */
import type { Report } from "../report/schema.ts";
import { citedRuns, type Claim, type ClaimResult } from "./claim.ts";
import { type CellSource, groupBySweep, type PlanRebuilder, sweepCells } from "./sweep_cells.ts";

/** What evaluating needs of a suite: its plan and its claims. */
export interface ClaimSuite extends CellSource {
  expectations: readonly Claim[];
}

/** The claims of one sweep, evaluated. */
export interface SweepClaims {
  suite: string;
  sweepId: string;
  /** Cells planned, and those with a complete or diverged report. */
  cells: number;
  finished: number;
  results: ClaimResult[];
  notes: string[];
}

/**
 * Runs every claim of `suite` on the reports of one sweep (all of the same sweep id); `elsewhere`
 * (reports by id) lends the reports of the same cells that other sweeps wrote (sweep_cells.ts), and
 * `rebuild` gives the sweep's plan (a caller that judges the same sweep again may keep the plans).
 */
export function evaluateSweep(
  suite: ClaimSuite,
  reports: readonly Report[],
  elsewhere: ReadonlyMap<string, readonly Report[]> = new Map(),
  rebuild?: PlanRebuilder,
): SweepClaims {
  const plan = sweepCells(suite, reports, elsewhere, rebuild);
  const input = { suite: plan.suite, sweepId: plan.sweepId, cells: plan.cells };
  const results = suite.expectations.map((claim): ClaimResult => {
    const head = {
      suite: plan.suite,
      sweepId: plan.sweepId,
      id: claim.id,
      statement: claim.statement,
      source: claim.source,
    };
    try {
      const j = claim.check(input);
      return { ...head, ...j, runs: citedRuns(j.measured) };
    } catch (e) {
      const message = `the check could not run: ${(e as Error).message}`;
      return {
        ...head,
        verdict: "inconclusive",
        line: message,
        measured: [],
        thresholds: [],
        rule: "",
        missing: [],
        runs: [],
      };
    }
  });
  const finished = plan.cells.filter((c) => c.report !== null && c.report.status !== "failed");
  return {
    suite: plan.suite,
    sweepId: plan.sweepId,
    cells: plan.cells.length,
    finished: finished.length,
    results,
    notes: plan.notes,
  };
}

/**
 * Evaluates every sweep among `reports` whose suite is in `suites`; the sweeps of unknown suites
 * are listed in `unknown`. A sweep's cell without a report of its own takes the report of the
 * same cell that another sweep among `reports` wrote (a resumed sweep reuses it the same way).
 */
export function evaluateReports(
  suites: readonly ClaimSuite[],
  reports: Iterable<Report>,
): { sweeps: SweepClaims[]; unknown: string[] } {
  const sweeps: SweepClaims[] = [];
  const unknown: string[] = [];
  const all = [...reports];
  const byId = new Map<string, Report[]>();
  for (const r of all) byId.set(r.id, [...byId.get(r.id) ?? [], r]);
  for (const [id, group] of groupBySweep(all)) {
    const suite = suites.find((s) => s.name === group[0]!.suite);
    if (suite === undefined) unknown.push(`${id} (suite ${group[0]!.suite})`);
    else sweeps.push(evaluateSweep(suite, group, byId));
  }
  return { sweeps, unknown };
}
