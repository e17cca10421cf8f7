import assert from "node:assert/strict";
import { BaselineError, parseBaseline, readBaseline } from "./baseline.ts";
import { byConfig, collectStats } from "./point_stats.ts";
import { makeReport } from "../testing/report_factory.ts";

function recorded() {
  const reports = [0, 1].map((seed) =>
    makeReport({
      config: { suite: "mlp-mnist", seed },
      summary: { lStar: 0.25 + seed, plMin: null },
    })
  );
  return collectStats(reports, {
    set: "nightly",
    calibration: { name: "matmul", seconds: 0.05 },
    classify: byConfig(new Set()),
    env: { backend: "wasm" },
    createdAt: "2026-01-01T00:00:00Z",
  });
}

function rejects(text: string, includes: string): void {
  assert.throws(
    () => parseBaseline(text, "b.json"),
    (e: unknown) => e instanceof BaselineError && e.message.includes(includes),
  );
}

Deno.test("parseBaseline() reads back what collectStats() records", () => {
  const b = recorded();
  const back = parseBaseline(JSON.stringify(b), "b.json");
  assert.deepEqual(back, b);
  const point = Object.values(back.points)[0]!;
  assert.deepEqual(point.metrics.lStar, {
    mean: 0.75,
    std: Math.SQRT1_2,
    n: 2,
    values: { 0: 0.25, 1: 1.25 },
  });
  assert.deepEqual(point.metrics.plMin, { mean: null, std: 0, n: 0, values: { 0: null, 1: null } });
});

Deno.test("readBaseline() says a missing file is missing and how to record one", async () => {
  const path = (await Deno.makeTempDir()) + "/none.json";
  await assert.rejects(
    () => readBaseline(path),
    (e: unknown) =>
      e instanceof BaselineError && e.message.includes(`${path}: file not found`) &&
      e.message.includes("deno task baseline"),
  );
});

Deno.test("parseBaseline() rejects corrupt JSON, naming the file", () => {
  rejects('{"schema": 1, "points": ', "Cannot read baseline b.json: not valid JSON");
});

Deno.test("parseBaseline() rejects another schema version, naming both versions", () => {
  const b = { ...recorded(), schema: 2 };
  rejects(JSON.stringify(b), "schema 2 is not supported, expected schema 1");
  rejects(JSON.stringify({ points: {} }), "schema nothing (missing) is not supported");
});

Deno.test("parseBaseline() names a malformed field", () => {
  const b = recorded();
  const key = Object.keys(b.points)[0]!;
  const bad = JSON.parse(JSON.stringify(b));
  bad.points[key].metrics.lStar.mean = "0.6";
  const text = JSON.stringify(bad);
  rejects(text, `field 'points.${key}.metrics.lStar.mean' must be a finite number, got "0.6"`);
  const noisy = JSON.parse(JSON.stringify(b));
  noisy.points[key].metrics.lStar.rerun = -1;
  rejects(JSON.stringify(noisy), `field 'points.${key}.metrics.lStar.rerun' must be >= 0, got -1`);
  noisy.points[key].metrics.lStar.rerun = 0.01;
  assert.equal(
    parseBaseline(JSON.stringify(noisy), "b.json").points[key]!.metrics.lStar!.rerun,
    0.01,
  );
  rejects(
    JSON.stringify({ ...b, calibration: { name: "m", seconds: 0 } }),
    "'calibration.seconds' must be > 0",
  );
});
