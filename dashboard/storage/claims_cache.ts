/**
 * Claims judged on stored sweeps: the result is kept until a run of that sweep is written
 * (`Store.sweepVersion`), so a busy sweep does not make every other sweep's claims be judged again;
 * judging again reads only the reports written since (sweep_reports_cache.ts).
 */
import { type ClaimSuite, evaluateSweep, type SweepClaims } from "../../src/claims/evaluate.ts";
import type { Store } from "./store.ts";
import { storedSweepReports } from "./sweep_reports_cache.ts";

interface Entry {
  version: string;
  claims: SweepClaims | null;
}

const MAX_ENTRIES = 64;
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
  const claims = suite === undefined || reports.length === 0 ? null : evaluateSweep(suite, reports);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.delete(sweepId);
  cache.set(sweepId, { version, claims });
  return claims;
}
