/**
 * Cross-seed tables of sweeps and suites, kept up to date incrementally: each call asks the store
 * for its latest write sequence number and, when it moved (a write by this process or another one,
 * such as a sweep writing straight into the database), fetches only the runs written since and
 * recomputes only the rows of the grid points they belong to.
 */
import type { Store, TableRun } from "./store.ts";
import {
  assembleTable,
  type CrossSeedTable,
  type TableRow,
  tableRow,
} from "../compute/cross_seed_table.ts";

type Of = { sweep: string; axes: string[] } | { suite: string };

interface Entry {
  seq: number;
  /** Runs by grid point, then by run id. */
  points: Map<string, Map<string, TableRun>>;
  pointOf: Map<string, string>;
  rows: Map<string, TableRow>;
  table: CrossSeedTable;
}

const MAX_ENTRIES = 32;
const caches = new WeakMap<Store, Map<string, Entry>>();

function belongs(run: TableRun, of: Of): boolean {
  return "sweep" in of ? run.sweepId === of.sweep : run.suite === of.suite;
}

function axesOf(of: Of): string[] {
  return "sweep" in of ? of.axes : [];
}

function fresh(store: Store, of: Of, seq: number): Entry {
  const entry: Entry = {
    seq,
    points: new Map(),
    pointOf: new Map(),
    rows: new Map(),
    table: { axes: [], metrics: [], rows: [] },
  };
  for (const run of store.tableRuns("sweep" in of ? { sweep: of.sweep } : { suite: of.suite })) {
    add(entry, run);
  }
  for (const [id, runs] of entry.points) entry.rows.set(id, tableRow(id, [...runs.values()]));
  entry.table = assembleTable([...entry.rows.values()], axesOf(of));
  return entry;
}

function add(entry: Entry, run: TableRun): void {
  let runs = entry.points.get(run.pointId);
  if (runs === undefined) entry.points.set(run.pointId, runs = new Map());
  runs.set(run.id, run);
  entry.pointOf.set(run.id, run.pointId);
}

function update(store: Store, of: Of, entry: Entry, seq: number): void {
  const touched = new Set<string>();
  for (const run of store.tableRuns({ afterSeq: entry.seq })) {
    const old = entry.pointOf.get(run.id);
    if (old !== undefined) {
      entry.points.get(old)?.delete(run.id);
      entry.pointOf.delete(run.id);
      touched.add(old);
    }
    if (belongs(run, of)) {
      add(entry, run);
      touched.add(run.pointId);
    }
  }
  for (const id of touched) {
    const runs = entry.points.get(id);
    if (runs === undefined || runs.size === 0) {
      entry.points.delete(id);
      entry.rows.delete(id);
    } else entry.rows.set(id, tableRow(id, [...runs.values()]));
  }
  entry.seq = seq;
  entry.table = assembleTable([...entry.rows.values()], axesOf(of));
}

/**
 * The cross-seed table of a sweep (`{ sweep, axes }`, axes from its grid) or of a suite
 * (`{ suite }`); the returned table is shared, so callers must not modify it.
 */
export function cachedTable(store: Store, of: Of): CrossSeedTable {
  let cache = caches.get(store);
  if (cache === undefined) caches.set(store, cache = new Map());
  const key = "sweep" in of ? `sweep:${of.sweep}:${of.axes.join(",")}` : `suite:${of.suite}`;
  const seq = store.lastSeq();
  let entry = cache.get(key);
  if (entry === undefined || seq < entry.seq) entry = fresh(store, of, seq);
  else if (seq > entry.seq) update(store, of, entry, seq);
  cache.delete(key);
  cache.set(key, entry);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return entry.table;
}
