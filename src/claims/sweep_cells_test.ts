import assert from "node:assert/strict";
import { SUITES } from "../../suites/mod.ts";
import { widthAblationSuite } from "../../suites/width_ablation.ts";
import { fixtureSweep, planOf } from "../testing/sweep_fixtures.ts";
import { groupBySweep, sweepCells } from "./sweep_cells.ts";

Deno.test("the cells rebuilt from one report are the sweep's planned cells, ids and all, for every suite", () => {
  for (const suite of SUITES) {
    for (
      const [sets, grids] of [[[], []], [["epochs=7"], ["lr=0.01,0.02"]]] as [string[], string[]][]
    ) {
      const plan = planOf(suite, sets, grids);
      const one = fixtureSweep(
        suite,
        (c) => (c.seed === plan.cells[0]!.config.seed ? {} : null),
        sets,
        grids,
      )
        .slice(0, 1);
      const rebuilt = sweepCells(suite, one);
      assert.deepEqual(rebuilt.notes, [], suite.name);
      assert.deepEqual(rebuilt.cells.map((c) => c.id), plan.cells.map((c) => c.id), suite.name);
      assert.equal(rebuilt.cells.filter((c) => c.report !== null).length, 1);
    }
  }
});

Deno.test("labels name the grid keys and the extra cell's keys: width-ablation's reduced step", () => {
  const reports = fixtureSweep(widthAblationSuite, (c) => (c.lr === 0.001 ? {} : null));
  const cells = sweepCells(widthAblationSuite, reports).cells;
  assert.deepEqual(cells.map((c) => c.label), [
    "width=128 lr=0.001",
    "width=256 lr=0.001",
    "width=512 lr=0.001",
    "width=1024 lr=0.001",
    "width=1024 lr=0.0004",
  ]);
  assert.equal(cells[4]!.report, null);
});

Deno.test("a sweep whose first report is an extra cell still rebuilds its whole plan", () => {
  const reports = fixtureSweep(widthAblationSuite, () => ({}));
  const reduced = reports.find((r) => r.config.lr === 0.0004)!;
  const rebuilt = sweepCells(widthAblationSuite, [
    reduced,
    ...reports.filter((r) => r !== reduced),
  ]);
  assert.deepEqual(rebuilt.notes, []);
  assert.deepEqual(
    rebuilt.cells.map((c) => c.id),
    sweepCells(widthAblationSuite, reports).cells.map((c) => c.id),
  );
});

Deno.test("a suite whose extra cells changed since the sweep: grid cells only, and a note says so", () => {
  const reports = fixtureSweep(widthAblationSuite, () => ({}));
  const changed = { ...widthAblationSuite, cells: [{ width: 2048, lr: 0.0002 }] };
  const rebuilt = sweepCells(changed, reports);
  assert.match(rebuilt.notes[0]!, /could not be rebuilt from suite width-ablation as it is now/);
  // the reduced-step cell is still known from its report
  assert.equal(rebuilt.cells.length, 5);
  assert.ok(rebuilt.cells.every((c) => c.report !== null));
});

Deno.test("reports group by sweep id", () => {
  const a = fixtureSweep(widthAblationSuite, () => ({}));
  const b = fixtureSweep(widthAblationSuite, () => ({}), ["epochs=3"]);
  const groups = groupBySweep([...a, ...b]);
  assert.deepEqual([...groups.values()].map((g) => g.length), [5, 5]);
});
