import assert from "node:assert/strict";
import { SUITES } from "../../suites/mod.ts";
import { widthAblationSuite } from "../../suites/width_ablation.ts";
import { mlpMnistSuite } from "../../suites/mlp_mnist.ts";
import type { Report } from "../report/schema.ts";
import { evaluateReports } from "./evaluate.ts";
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

Deno.test("a cell without a report of its own sweep takes the same cell's report from another sweep, if probed on its inputs", () => {
  const probed = (r: Report): Report => ({
    ...r,
    trainSize: 2000,
    probe: mlpMnistSuite.probeSubset!(r.config, 2000)!.record,
  });
  // sweep A ran seeds 0-2; sweep B (seeds 0-3) found them finished and ran seed 3 only
  const a = fixtureSweep(mlpMnistSuite, () => ({})).map(probed);
  const b = fixtureSweep(mlpMnistSuite, (c) => (c.seed === 3 ? {} : null), [], ["seed=0,1,2,3"])
    .map(probed);
  const byId = (reports: Report[]) => {
    const map = new Map<string, Report[]>();
    for (const r of reports) map.set(r.id, [...map.get(r.id) ?? [], r]);
    return map;
  };
  assert.notEqual(a[0]!.sweep.id, b[0]!.sweep.id);
  const alone = sweepCells(mlpMnistSuite, b);
  assert.equal(alone.cells.filter((c) => c.report === null).length, 3);
  const lent = sweepCells(mlpMnistSuite, b, byId([...a, ...b]));
  assert.deepEqual(lent.cells.map((c) => c.report?.sweep.id), [
    a[0]!.sweep.id,
    a[0]!.sweep.id,
    a[0]!.sweep.id,
    b[0]!.sweep.id,
  ]);
  assert.match(
    lent.notes.join("\n"),
    /3 cells have their report from another sweep .*: seed=0, seed=1, seed=2/,
  );
  // a report written when the sweep drew the probe subset (no record) is not lent, and says why
  const old = a.map(({ probe: _, ...r }) => r as Report);
  const refused = sweepCells(mlpMnistSuite, b, byId([...old, ...b]));
  assert.equal(refused.cells.filter((c) => c.report === null).length, 3);
  assert.match(
    refused.notes.join("\n"),
    /3 reports of the same cell from another sweep are not used: seed=0: its report records no NTK probe subset/,
  );
  // evaluateReports lends them the same way
  const judged = evaluateReports([mlpMnistSuite], [...a, ...b]).sweeps.find((s) =>
    s.sweepId === b[0]!.sweep.id
  )!;
  assert.equal(judged.finished, 4);
});
