import assert from "node:assert/strict";
import { openStore } from "./store.ts";
import { keptPlan, storedSweepClaims } from "./claims_cache.ts";
import { sweepCells } from "../../src/claims/sweep_cells.ts";
import { widthAblationSuite } from "../../suites/width_ablation.ts";
import { fixtureSweep } from "../../src/testing/sweep_fixtures.ts";
import { logisticSuite } from "../../suites/logistic.ts";

const holds = fixtureSweep(logisticSuite, () => ({
  summary: { boundHolds: true, lossOverBoundFinal: 0.001 },
}));

/** The same cells in another sweep, the bound broken on every seed. */
const broken = fixtureSweep(logisticSuite, () => ({
  summary: { boundHolds: false, lossOverBoundFinal: 3 },
})).map((r, i) => ({
  ...r,
  id: `other-${i}`,
  sweep: { ...r.sweep, id: "other-sweep" },
}));

Deno.test("a sweep's judged claims are kept across writes to other sweeps and judged again after its own", () => {
  const store = openStore(":memory:");
  const suites = [logisticSuite];
  const sweep = holds[0]!.sweep.id;
  store.upsertReports(holds.slice(0, 2));
  const first = storedSweepClaims(store, suites, sweep);
  assert.equal(first?.results[0]?.verdict, "inconclusive");

  store.upsertReports(broken);
  assert.equal(storedSweepClaims(store, suites, sweep), first, "another sweep's write kept it");
  assert.equal(storedSweepClaims(store, suites, "other-sweep")?.results[0]?.verdict, "fails");

  store.upsertReports(holds.slice(2));
  const second = storedSweepClaims(store, suites, sweep);
  assert.notEqual(second, first);
  assert.equal(second?.results[0]?.verdict, "holds");
  store.close();
});

Deno.test("a run moved to another sweep changes the claims of the sweep it left", () => {
  const store = openStore(":memory:");
  const suites = [logisticSuite];
  const sweep = holds[0]!.sweep.id;
  store.upsertReports(holds);
  assert.equal(storedSweepClaims(store, suites, sweep)?.results[0]?.verdict, "holds");
  const before = store.sweepVersion(sweep);
  // the same run id stored again under another sweep: the first sweep has one run fewer
  store.upsertReports([{ ...holds[0]!, sweep: { ...holds[0]!.sweep, id: "other-sweep" } }]);
  assert.notEqual(store.sweepVersion(sweep), before);
  assert.equal(storedSweepClaims(store, suites, sweep)?.results[0]?.verdict, "inconclusive");
  store.close();
});

Deno.test("keptPlan() reuses a rebuilt plan for the same sweep, and never for a changed suite", () => {
  const reports = fixtureSweep(widthAblationSuite, () => ({}));
  const first = sweepCells(widthAblationSuite, reports.slice(0, 2), new Map(), keptPlan);
  assert.equal(first.cells.filter((c) => c.report !== null).length, 2);
  // the same sweep with more reports: the planned cells are the same objects' values, the reports new
  const again = sweepCells(widthAblationSuite, reports, new Map(), keptPlan);
  assert.equal(
    keptPlan(widthAblationSuite, reports[1]!),
    keptPlan(widthAblationSuite, reports[0]!),
  );
  assert.deepEqual(again.cells.map((c) => c.id), first.cells.map((c) => c.id));
  assert.ok(again.cells.every((c) => c.report !== null));
  assert.equal(first.cells.filter((c) => c.report !== null).length, 2, "earlier result untouched");
  // the suite's extra cells changed: a plan of its own, with the note
  const changed = { ...widthAblationSuite, cells: [{ width: 2048, lr: 0.0002 }] };
  assert.match(sweepCells(changed, reports, new Map(), keptPlan).notes[0]!, /could not be rebuilt/);
  assert.notEqual(keptPlan(changed, reports[0]!), keptPlan(widthAblationSuite, reports[0]!));
  assert.deepEqual(sweepCells(widthAblationSuite, reports, new Map(), keptPlan).notes, []);
});
