/**
 * Claims judged on stored sweeps: the result is kept until a run of that sweep is written
 * (`Store.sweepVersion`), so a busy sweep does not make every other sweep's claims be judged again;
 * judging again reads only the reports written since (sweep_reports_cache.ts) and reuses the
 * sweep's rebuilt plan instead of hashing every planned cell's config again.
 */
import { type ClaimSuite, evaluateSweep, type SweepClaims } from "../../src/claims/evaluate.ts";
import type { PlanRebuilder } from "../../src/claims/sweep_cells.ts";
import { rebuildPlan, type RebuiltPlan } from "../../src/sweep/plan.ts";
import { canonicalJson } from "../../src/util/hash.ts";
import type { Store } from "./store.ts";
import { storedSweepReports } from "./sweep_reports_cache.ts";

interface Entry {
  version: string;
  claims: SweepClaims | null;
}

const MAX_ENTRIES = 64;
const MAX_PLANS = 8;
const plans = new Map<string, RebuiltPlan>();

/**
 * `rebuildPlan` with the last MAX_PLANS plans kept, by everything they are built from: a stored
 * sweep judged again after a write reuses its plan.
 */
export const keptPlan: PlanRebuilder = (source, report) => {
  const fixed: Record<string, unknown> = { ...report.config };
  for (const key of Object.keys(report.sweep.grid)) delete fixed[key];
  const key = canonicalJson({
    suite: source.name,
    defaults: source.defaults,
    extras: source.cells ?? [],
    reportSuite: report.suite,
    sweep: report.sweep.id,
    axes: report.sweep.grid,
    fixed,
  });
  const kept = plans.get(key);
  if (kept !== undefined) return kept;
  const plan = rebuildPlan(source, report);
  if (plans.size >= MAX_PLANS) plans.delete(plans.keys().next().value!);
  plans.set(key, plan);
  return plan;
};
const caches = new WeakMap<Store, Map<string, Entry>>();

/**
 * The claims of `sweepId` judged on its stored reports, or null when the sweep has no reports or
 * its suite is not among `suites`.
 */
export function storedSweepClaims(
  store: Store,
  suites: readonly ClaimSuite[],
  sweepId: string,
): SweepClaims | null {
  const version = store.sweepVersion(sweepId);
  const cache = caches.get(store) ?? new Map<string, Entry>();
  caches.set(store, cache);
  const hit = cache.get(sweepId);
  if (hit !== undefined && hit.version === version) return hit.claims;
  const suite = suites.find((s) => s.name === store.getSweep(sweepId)?.suite);
  const reports = suite === undefined ? [] : storedSweepReports(store, sweepId);
  const claims = suite === undefined || reports.length === 0
    ? null
    : evaluateSweep(suite, reports, new Map(), keptPlan);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.delete(sweepId);
  cache.set(sweepId, { version, claims });
  return claims;
}
