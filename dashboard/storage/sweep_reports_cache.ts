/**
 * The whole reports of a stored sweep, kept parsed between requests: each call lists the sweep's
 * runs with their write sequence numbers (one small query) and reads and parses only the bodies
 * of runs written since the last call, so a sweep of 10,000 runs that gains one run costs one body,
 * not 10,000. Runs that left the sweep are dropped. The parsed reports of at most
 * `MAX_KEPT_REPORTS` runs are kept in all (least recently read sweeps go first); a sweep larger
 * than that is read whole each time.
 */
import type { Report } from "../../src/report/schema.ts";
import type { Store } from "./store.ts";

/**
 * Parsed reports kept across every sweep of a store: a 100-epoch MLP report takes about 21 KB of
 * heap (10,000 of them: 209 MB measured), so the budget is about 420 MB.
 */
export const MAX_KEPT_REPORTS = 20_000;

interface Kept {
  seq: number;
  report: Report;
}

const caches = new WeakMap<Store, Map<string, Map<string, Kept>>>();

function keptOf(store: Store): Map<string, Map<string, Kept>> {
  let kept = caches.get(store);
  if (kept === undefined) {
    kept = new Map();
    caches.set(store, kept);
  }
  return kept;
}

function evictBeyondBudget(kept: Map<string, Map<string, Kept>>, budget: number): void {
  let total = 0;
  for (const runs of kept.values()) total += runs.size;
  for (const [sweepId, runs] of kept) {
    if (total <= budget) return;
    kept.delete(sweepId);
    total -= runs.size;
  }
}

/**
 * Every stored report of `sweepId`, ordered by grid point and seed, as the database holds them
 * now; bodies already parsed by an earlier call and not written since are reused. `budget` is the
 * most parsed reports kept across the store's sweeps.
 */
export function storedSweepReports(
  store: Store,
  sweepId: string,
  budget: number = MAX_KEPT_REPORTS,
): Report[] {
  const kept = keptOf(store);
  const before = kept.get(sweepId) ?? new Map<string, Kept>();
  kept.delete(sweepId);
  const runs = store.sweepRunSeqs(sweepId);
  const stale = runs.filter((r) => before.get(r.id)?.seq !== r.seq).map((r) => r.id);
  const read = stale.length === 0 ? new Map<string, Report>() : store.reportsById(stale);
  const now = new Map<string, Kept>();
  for (const { id, seq } of runs) {
    const report = read.get(id) ?? before.get(id)?.report;
    // a run written again between the two queries is read on the next call
    if (report !== undefined) {
      now.set(id, { seq: read.has(id) ? seq : before.get(id)!.seq, report });
    }
  }
  if (now.size <= budget) {
    kept.set(sweepId, now);
    evictBeyondBudget(kept, budget);
  }
  return [...now.values()].map((k) => k.report);
}
