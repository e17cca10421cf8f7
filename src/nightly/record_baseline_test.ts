import assert from "node:assert/strict";
import type { Report } from "../report/schema.ts";
import { readBaseline } from "./baseline.ts";
import { mergeStats, recordBaseline } from "./record_baseline.ts";
import { STATS_FILE } from "./run_night.ts";
import { byConfig, collectStats } from "./point_stats.ts";
import { makeReport } from "../testing/report_factory.ts";

function stats(reports: Report[], seconds = 0.1) {
  return collectStats(reports, {
    set: "nightly",
    calibration: { name: "m", seconds },
    classify: byConfig(new Set()),
    env: {},
    createdAt: "2026-01-01T00:00:00Z",
  });
}

const run = (seed: number, lStar: number) =>
  makeReport({ config: { suite: "mlp-mnist", seed }, summary: { lStar } });

Deno.test("mergeStats() unites the seeds of a grid point split across shards", () => {
  const merged = mergeStats([stats([run(0, 1)], 0.1), stats([run(1, 3)], 0.3)]);
  const point = Object.values(merged.points)[0]!;
  assert.deepEqual(point.seeds, [0, 1]);
  assert.deepEqual(point.metrics.lStar, { mean: 2, std: Math.SQRT2, n: 2, values: { 0: 1, 1: 3 } });
  assert.equal(merged.calibration.seconds, 0.2);
  assert.deepEqual(Object.keys(point.runs), ["0", "1"]);
  // measured rerun noise survives the merge: the larger of the shards'
  const [a, b] = [stats([run(0, 1)], 0.1), stats([run(1, 3)], 0.3)];
  Object.values(a.points)[0]!.metrics.lStar!.rerun = 0.1;
  Object.values(b.points)[0]!.metrics.lStar!.rerun = 0.2;
  assert.equal(Object.values(mergeStats([a, b]).points)[0]!.metrics.lStar!.rerun, 0.2);
});

Deno.test("recordBaseline() writes the night's stats and prints what changes against the old one", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/baselines/nightly.json`;
  await Deno.mkdir(`${dir}/night`);
  await Deno.writeTextFile(
    `${dir}/night/${STATS_FILE}`,
    JSON.stringify(stats([run(0, 1), run(1, 1)])),
  );
  const said: string[] = [];
  assert.equal(
    await recordBaseline({ from: [`${dir}/night`], out, help: false }, (l) => said.push(l)),
    0,
  );
  assert.match(said.join("\n"), /no usable old baseline .*file not found/);
  await Deno.writeTextFile(
    `${dir}/night/${STATS_FILE}`,
    JSON.stringify(stats([run(0, 2), run(1, 2)])),
  );
  said.length = 0;
  assert.equal(
    await recordBaseline({ from: [`${dir}/night`], out, help: false }, (l) => said.push(l)),
    0,
  );
  assert.match(said.join("\n"), /^REGRESSED\s+mlp-mnist\s+.*lStar\s+2\s+1\s/m);
  const recorded = await readBaseline(out);
  assert.equal(Object.values(recorded.points)[0]!.metrics.lStar!.mean, 2);
});
