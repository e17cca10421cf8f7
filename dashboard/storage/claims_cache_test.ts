import assert from "node:assert/strict";
import { openStore } from "./store.ts";
import { storedSweepClaims } from "./claims_cache.ts";
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
