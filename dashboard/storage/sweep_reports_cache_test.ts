import assert from "node:assert/strict";
import type { Report } from "../../src/report/schema.ts";
import { syntheticSweep } from "../testing/synthetic_sweep.ts";
import { openStore, type Store } from "./store.ts";
import { storedSweepReports } from "./sweep_reports_cache.ts";

/** A store over `path` that counts the bodies it is asked for. */
function countingStore(path: string): { store: Store; bodies: () => number } {
  const inner = openStore(path);
  let bodies = 0;
  const store: Store = Object.create(inner);
  store.reportsById = (ids) => {
    bodies += ids.length;
    return inner.reportsById(ids);
  };
  store.sweepRunSeqs = (id) => inner.sweepRunSeqs(id);
  store.upsertReports = (r) => inner.upsertReports(r);
  store.close = () => inner.close();
  return { store, bodies: () => bodies };
}

/** The sweep's reports read cold, by another connection with nothing kept. */
function coldRead(path: string, sweepId: string): Report[] {
  const fresh = openStore(path);
  try {
    return storedSweepReports(fresh, sweepId);
  } finally {
    fresh.close();
  }
}

/** Six grid points of a synthetic sweep, its run ids its own. */
const sweep = (id: string, seeds: number[]): Report[] =>
  syntheticSweep({ sweepId: id, widths: [64, 128], lrs: [0.001, 0.002, 0.003], seeds, epochs: 20 })
    .map((r) => ({ ...r, id: `${id}-${r.id}` }));

Deno.test("a sweep's reports are read whole once, then only the runs written since", () => {
  const path = `${Deno.makeTempDirSync({ prefix: "plbench-kept-" })}/s.db`;
  const { store, bodies } = countingStore(path);
  const a = sweep("a", [0, 1, 2, 3, 4]);
  store.upsertReports(a);
  const first = storedSweepReports(store, "a");
  assert.equal(first.length, 30);
  assert.equal(bodies(), 30);
  assert.deepEqual(first, coldRead(path, "a"));

  assert.equal(storedSweepReports(store, "a").length, 30);
  assert.equal(bodies(), 30, "nothing written: nothing read");

  store.upsertReports(sweep("b", [0]));
  storedSweepReports(store, "a");
  assert.equal(bodies(), 30, "a write to another sweep reads nothing of this one");

  const rewritten = { ...a[7]!, status: "diverged" as const, divergedAt: 3 };
  store.upsertReports([rewritten]);
  const second = storedSweepReports(store, "a");
  assert.equal(bodies(), 31, "one run written again: one body read");
  assert.equal(second.find((r) => r.id === rewritten.id)?.status, "diverged");
  assert.deepEqual(second, coldRead(path, "a"));

  store.upsertReports([{ ...a[0]!, sweep: { ...a[0]!.sweep, id: "b" } }]);
  const third = storedSweepReports(store, "a");
  assert.equal(third.length, 29, "a run moved to another sweep is dropped");
  assert.equal(bodies(), 31);
  assert.deepEqual(third, coldRead(path, "a"));
  store.close();
});

Deno.test("kept reports stay within the budget: the least recently read sweep goes first", () => {
  const path = `${Deno.makeTempDirSync({ prefix: "plbench-kept-" })}/s.db`;
  const { store, bodies } = countingStore(path);
  store.upsertReports([...sweep("a", [0]), ...sweep("b", [0]), ...sweep("big", [0, 1, 2])]);
  storedSweepReports(store, "a", 12);
  storedSweepReports(store, "b", 12);
  assert.equal(bodies(), 12);
  storedSweepReports(store, "a", 12);
  assert.equal(bodies(), 12, "both fit: both kept");
  storedSweepReports(store, "big", 12);
  storedSweepReports(store, "big", 12);
  assert.equal(bodies(), 12 + 36, "a sweep past the budget is read whole every time");
  storedSweepReports(store, "a", 12);
  assert.equal(bodies(), 48, "and it evicted nothing");
  storedSweepReports(store, "c", 12);
  store.upsertReports(sweep("c", [0, 1]));
  storedSweepReports(store, "c", 12);
  assert.equal(bodies(), 48 + 12);
  storedSweepReports(store, "a", 12);
  storedSweepReports(store, "b", 12);
  assert.equal(bodies(), 60 + 12, "c's 12 pushed out both older sweeps");
  store.close();
});
