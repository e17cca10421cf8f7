import assert from "node:assert/strict";
import type { Decay } from "../../src/report/schema.ts";
import { envelope, gapCurve, hasSharpness, lStarOf, plRatioCurve } from "./envelope.ts";
import { makeReport } from "../../src/testing/report_factory.ts";

Deno.test("gapCurve() subtracts L* and leaves the terminal epoch undefined", () => {
  const r = makeReport({ loss: [1, 0.5, 0.25], summary: { lStar: 0.25 } });
  assert.deepEqual(gapCurve(r).y, [0.75, 0.25, null]);
});

Deno.test("plRatioCurve() is ||grad||^2 / (2 gap)", () => {
  const r = makeReport({ loss: [1, 0.5, 0.25], summary: { lStar: 0.25 } });
  r.series.gradNormSq = [0.3, 0.1, 0.01];
  const y = plRatioCurve(r).y;
  assert.ok(Math.abs(y[0]! - 0.3 / 1.5) < 1e-15);
  assert.ok(Math.abs(y[1]! - 0.1 / 0.5) < 1e-15);
  assert.equal(y[2], null);
});

Deno.test("envelope() bands complete seeds only and takes the median window", () => {
  const reports = [0, 1, 2].map((seed) =>
    makeReport({
      config: { seed },
      loss: [1, 0.1 * (seed + 1), 0.01],
      summary: { lStar: 0.01, window: [seed, 3 + seed] },
    })
  );
  reports.push(makeReport({ config: { seed: 9 }, status: "failed" }));
  const env = envelope(reports);
  assert.deepEqual(env.seeds, [0, 1, 2]);
  assert.deepEqual(env.excluded.map((e) => e.seed), [9]);
  assert.deepEqual(env.window, [1, 4]);
  // gap at epoch 1: 0.09, 0.19, 0.29 -> geometric mean
  const expected = Math.cbrt(0.09 * 0.19 * 0.29);
  assert.ok(Math.abs(env.gap.band.center[1]! - expected) < 1e-12);
  assert.equal(env.gap.perSeed.length, 3);
  assert.equal(env.drift.scale, "linear");
});

Deno.test("the gap and PL ratio follow the chosen L*: final loss, fitted L_inf or 0", () => {
  const decay = { lInf: 0.1 } as Decay;
  const r = makeReport({ loss: [1, 0.5, 0.25], summary: { lStar: 0.25, decay } });
  r.series.gradNormSq = [0.9, 0.4, 0.15];
  assert.deepEqual(gapCurve(r, "zero").y, [1, 0.5, 0.25]);
  const fit = gapCurve(r, "fit").y;
  assert.ok(Math.abs(fit[2]! - 0.15) < 1e-15 && Math.abs(fit[0]! - 0.9) < 1e-15);
  assert.ok(Math.abs(plRatioCurve(r, "fit").y[2]! - 0.5) < 1e-15); // 0.15 / (2 * 0.15)
  assert.equal(lStarOf(r, "final"), 0.25);
  // a run without a fitted limit has no curve against it, and the envelope says which seeds
  const line = makeReport({ config: { seed: 1 }, loss: [1, 0.5, 0.25], summary: { lStar: 0.25 } });
  assert.equal(lStarOf(line, "fit"), null);
  const env = envelope([r, line], "fit");
  assert.equal(env.reference, "fit");
  assert.deepEqual(env.withoutReference, [1]);
  assert.deepEqual(env.gap.perSeed[1]!.y, [null, null, null]);
});

Deno.test("envelope() bands the sharpness of the seeds that probed it, in log space", () => {
  const probed = (seed: number, top: number) => {
    const r = makeReport({ config: { seed } });
    r.series.hessian = {
      epoch: [0, 2, 4],
      sharpness: [top, top * 2, top * 4],
      residual: [0, 0, 0],
      iterations: [1, 1, 1],
      samples: 5,
      fixedBatch: false,
    };
    return r;
  };
  const env = envelope([probed(0, 1), probed(1, 4)]);
  assert.equal(hasSharpness(env), true);
  assert.deepEqual(env.sharpness.band.x, [0, 2, 4]);
  // geometric mean of 1 and 4 at epoch 0: 2
  assert.ok(Math.abs(env.sharpness.band.center[0]! - 2) < 1e-12);
  assert.equal(hasSharpness(envelope([makeReport()])), false);
});
