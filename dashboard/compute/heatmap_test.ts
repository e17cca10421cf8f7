import assert from "node:assert/strict";
import { colorAt, heatmap } from "./heatmap.ts";
import { crossSeedTable } from "./cross_seed_table.ts";
import { openStore } from "../storage/store.ts";
import { makeReport } from "../../src/testing/report_factory.ts";

Deno.test("heatmap() places each grid point's mean at its (x, y) cell and pools other axes", () => {
  const store = openStore(":memory:");
  const reports = [];
  for (const width of [8, 16]) {
    for (const lr of [0.1, 0.2]) {
      for (const depth of [1, 2]) {
        for (const seed of [0, 1]) {
          reports.push(makeReport({
            config: { width, lr, seed, depth },
            summary: { finalDrift: width * lr + depth + seed },
          }));
        }
      }
    }
  }
  store.upsertReports(reports);
  const map = heatmap(crossSeedTable(store.listRuns()), "finalDrift", "width", "lr");
  assert.deepEqual(map.xValues, [8, 16]);
  assert.deepEqual(map.yValues, [0.1, 0.2]);
  // mean over depth in {1, 2} and seed in {0, 1}: width * lr + 1.5 + 0.5
  assert.ok(Math.abs(map.cells[1]![0]!.mean! - (8 * 0.2 + 2)) < 1e-12);
  assert.equal(map.cells[1]![0]!.n, 4);
  assert.equal(map.pooled, true);
  assert.equal(map.logColor, false);
  store.close();
});

Deno.test("colorAt() runs from dark purple to yellow", () => {
  assert.equal(colorAt(0), "rgb(68,1,84)");
  assert.equal(colorAt(1), "rgb(253,231,37)");
  assert.equal(colorAt(2), "rgb(253,231,37)");
});
