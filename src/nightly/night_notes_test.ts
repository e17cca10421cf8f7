import assert from "node:assert/strict";
import { makeReport } from "../testing/report_factory.ts";
import { baselineNotes, rerunSummary } from "./night_notes.ts";
import { collectStats, withRerunNoise } from "./point_stats.ts";

function night(lStar: number, epochs = 4, calibration = "m", backend = "wasm") {
  const reports = [0, 1].map((seed) =>
    makeReport({ config: { suite: "s", seed, epochs }, summary: { lStar: lStar + seed } })
  );
  return collectStats(reports, {
    set: "nightly",
    calibration: { name: calibration, seconds: 0.1 },
    classify: () => ({ key: "point", exact: false }),
    env: { backend },
    createdAt: "2026-01-01T00:00:00Z",
  });
}

Deno.test("baselineNotes() names a changed config, calibration and backend, and nothing when alike", () => {
  const base = night(1);
  assert.deepEqual(baselineNotes(night(1), base, base.calibration, "wasm"), []);
  const other = night(1, 5, "m2");
  assert.deepEqual(baselineNotes(other, base, other.calibration, "webgpu"), [
    "config of point differs from the baseline: epochs 4 -> 5",
    "calibration m2 differs from the baseline's m: speed not compared",
    "backend webgpu differs from the baseline's wasm",
  ]);
});

Deno.test("rerunSummary() counts the metric values that reproduced and names those that did not", () => {
  const line = rerunSummary(withRerunNoise(night(1), night(1.5)));
  assert.match(line, /^rerun noise: \d+ metric values reproduced exactly, 1 did not \(lStar\)$/);
});
