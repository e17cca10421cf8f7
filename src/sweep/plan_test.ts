import assert from "node:assert/strict";
import { SUITES } from "../../suites/mod.ts";
import { expandNightly, NIGHTLY_SET, nightlyPointKey } from "../nightly/nightly_set.ts";
import type { RunConfig } from "../config/run_config.ts";
import { expandGrid } from "./grid.ts";
import { buildPlan, cellId, product, rebuildPlan, sweepIdOf } from "./plan.ts";
import { canonicalJson, sha256Hex } from "../util/hash.ts";

const BASE: RunConfig = { suite: "toy", seed: 0, epochs: 5, lr: 0.1, width: 2 };

Deno.test("buildPlan() orders cells first axis slowest, then the extra cells, dropping a repeated cell", () => {
  const plan = buildPlan("toy", BASE, { lr: [0.1, 0.2], seed: [0, 1] }, [{ lr: 0.05 }, {
    lr: 0.2,
    seed: 1,
  }]);
  assert.deepEqual(plan.cells.map((c) => [c.index, c.config.lr, c.config.seed]), [
    [0, 0.1, 0],
    [1, 0.1, 1],
    [2, 0.2, 0],
    [3, 0.2, 1],
    [4, 0.05, 0],
  ]);
  assert.deepEqual(product({ a: [1, 2], b: ["x"] }), [{ a: 1, b: "x" }, { a: 2, b: "x" }]);
});

Deno.test("cell and sweep ids are the first 20 hex digits of the SHA-256 of canonical JSON", () => {
  const config = { ...BASE, lr: 0.2 };
  const sorted = '{"epochs":5,"lr":0.2,"seed":0,"suite":"toy","width":2}';
  assert.equal(canonicalJson(config), sorted);
  assert.equal(cellId(config), sha256Hex(sorted).slice(0, 20));
  const axes = { seed: [0, 1] };
  const fixed = '{"axes":{"seed":[0,1]},"fixed":{"epochs":5,"lr":0.1,"suite":"toy","width":2}' +
    ',"suite":"toy"}';
  assert.equal(sweepIdOf("toy", BASE, axes, []), sha256Hex(fixed).slice(0, 20));
  assert.notEqual(sweepIdOf("toy", BASE, axes, [{ lr: 1 }]), sweepIdOf("toy", BASE, axes, []));
});

Deno.test("buildPlan() shows every cell to the check before its id, which may refuse it", () => {
  const seen: number[] = [];
  buildPlan("toy", BASE, { seed: [0, 1, 2] }, [], (c) => void seen.push(c.seed));
  assert.deepEqual(seen, [0, 1, 2]);
  assert.throws(
    () =>
      buildPlan("toy", BASE, { seed: [0, 1] }, [], (c) => {
        if (c.seed === 1) throw new RangeError("seed 1 refused");
      }),
    /seed 1 refused/,
  );
});

Deno.test("rebuildPlan() gives back the planned cells and sweep id of every suite from any grid cell's report", () => {
  for (const suite of SUITES) {
    const plan = expandGrid(suite, ["epochs=3"], ["seed=0,1"]);
    for (const cell of [plan.cells[0]!, plan.cells[1]!]) {
      const report = {
        suite: plan.suite,
        config: cell.config,
        sweep: { id: plan.sweepId, grid: plan.axes },
      };
      const rebuilt = rebuildPlan(suite, report);
      assert.equal(rebuilt.whole, true, suite.name);
      assert.equal(rebuilt.plan.sweepId, plan.sweepId, suite.name);
      assert.deepEqual(rebuilt.plan.cells, plan.cells, suite.name);
    }
  }
});

Deno.test("rebuildPlan() falls back to the grid product when the suite's extra cells changed", () => {
  const plan = buildPlan("toy", BASE, { seed: [0, 1] }, [{ lr: 0.05 }]);
  const report = {
    suite: "toy",
    config: plan.cells[0]!.config,
    sweep: { id: plan.sweepId, grid: plan.axes },
  };
  const source = { name: "toy", defaults: BASE, cells: [{ lr: 0.07 }] };
  const rebuilt = rebuildPlan(source, report);
  assert.equal(rebuilt.whole, false);
  assert.equal(rebuilt.plan.sweepId, plan.sweepId);
  assert.deepEqual(rebuilt.plan.cells.map((c) => c.id), plan.cells.slice(0, 2).map((c) => c.id));
});

Deno.test("every cell of the nightly set keeps the id its baseline recorded", async () => {
  const baseline = JSON.parse(
    await Deno.readTextFile(new URL("../../fixtures/baselines/nightly.json", import.meta.url)),
  ) as { points: Record<string, { runs: Record<string, string> }> };
  let checked = 0;
  for (const np of expandNightly(NIGHTLY_SET, SUITES)) {
    for (const cell of np.plan.cells) {
      const point = baseline.points[nightlyPointKey(np, cell.config)];
      assert.ok(point !== undefined, `${np.entry.name}: no baseline point`);
      assert.equal(
        cell.id,
        point.runs[String(cell.config.seed)],
        `${np.entry.name} ${cell.config.seed}`,
      );
      checked++;
    }
  }
  assert.equal(
    checked,
    Object.values(baseline.points).reduce((n, p) => n + Object.keys(p.runs).length, 0),
  );
});
