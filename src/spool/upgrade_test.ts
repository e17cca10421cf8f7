import assert from "node:assert/strict";
import type { Series } from "../report/schema.ts";
import { schema1TrainSize } from "./upgrade.ts";
import { validateReport } from "./validate.ts";
import { makeReport } from "../testing/report_factory.ts";

const FIXTURE = new URL("../../fixtures/reports/schema1-mlp-mnist.json", import.meta.url);

/** A schema-1 report written by the default sweep (mlp-mnist, w = 128, seed 0, 200 epochs). */
async function schema1(): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(FIXTURE));
}

Deno.test("a schema-1 report reads as schema 3: summarised again, nothing stored lost", async () => {
  const old = await schema1();
  const oldSummary = old.summary as Record<string, unknown>;
  assert.equal(old.schema, 1);
  const report = validateReport(structuredClone(old));
  assert.equal(report.schema, 3);
  assert.equal(report.trainSize, 1976); // the full kernel's size
  assert.deepEqual(report.series, old.series);
  const s = report.summary;
  // the paper's quantities come out as stored
  for (const key of ["lStar", "plMin", "plMedian", "contraction", "r2", "lambda0", "radius"]) {
    assert.equal(s[key], oldSummary[key], key);
  }
  assert.deepEqual(s.window, oldSummary.window);
  assert.ok(
    Math.abs((s.etaOverEtaMax as number) / (oldSummary.etaOverEtaMax as number) - 1) < 1e-12,
  );
  // the suite's own value is kept, the retired check is gone, the new fields are there
  assert.equal(s.probeSeconds, oldSummary.probeSeconds);
  assert.equal("compatible" in s, false);
  assert.ok(s.decay !== null && s.decay.points > 8);
  assert.equal(typeof s.plMinZero, "number");
  assert.equal(s.weylVacuous, true);
  // this run's verdicts: no geometric decay (the proxy's rate fit reported rho 0.99, r2 0.996):
  // 0.39 decades are too short to tell, and so is the PL verdict
  assert.equal(s.decay!.model, "undetermined");
  assert.match(s.decay!.reason!, /^too short to tell: 0\.39 decades/);
  assert.equal(s.decayWindow!.model, "undetermined");
  // the best fit is a line, which has no limit to read the proxy's inflation against; against
  // L* = 0 the ratio's minimum is half the proxy's
  assert.equal(s.plProxyShift, null);
  assert.ok(2 * (s.plMinZero as number) < (s.plMin as number), `${s.plMinZero} ${s.plMin}`);
  assert.equal(s.plVerdict, "inconclusive");
  assert.equal(s.plReference, "zero"); // 150,145 parameters for 1,976 samples
});

Deno.test("a schema-2 report reads as schema 3: its BIC verdict replaced, the PL verdict added", async () => {
  const fixture = new URL("../../fixtures/reports/schema2-mlp-mnist.json", import.meta.url);
  const old = JSON.parse(await Deno.readTextFile(fixture));
  assert.equal(old.schema, 2);
  assert.equal(typeof old.summary.decay.icMargin, "number");
  const report = validateReport(structuredClone(old));
  assert.equal(report.schema, 3);
  assert.deepEqual(report.series, old.series);
  assert.equal(report.trainSize, old.trainSize);
  const s = report.summary;
  for (
    const key of ["lStar", "plMin", "plMedian", "lambda0", "lambdaT", "finalDrift", "probeSeconds"]
  ) {
    assert.equal(s[key], old.summary[key], key);
  }
  assert.equal("icMargin" in s.decay!, false);
  assert.equal(s.decay!.model, "undetermined");
  assert.match(s.decay!.reason!, /^too short to tell/);
  assert.equal(s.plVerdict, "inconclusive");
  assert.equal(typeof s.kernelShiftRatio, "number");
});

Deno.test("schema1TrainSize() recovers n from the old PL bound when there is no full kernel", async () => {
  const old = await schema1();
  const series = structuredClone(old.series) as Series;
  delete series.fullNtk;
  const ntk = series.ntk!;
  const lk = 3;
  const radius = 0.01;
  const summary = {
    plBound: (ntk.lambdaMin[0]! - lk * radius) / 1976,
    plBoundKernel: "subset",
    lipschitzK: lk,
    radius,
  };
  assert.equal(schema1TrainSize(series, summary), 1976);
  assert.equal(schema1TrainSize(series, { ...summary, plBound: null }), null);
});

Deno.test("a report written with the old key samples is read with trainSize, its id kept", () => {
  const old = makeReport({
    config: { suite: "logistic", samples: 20 },
    grid: { samples: [20, 40] },
  });
  const read = validateReport(JSON.parse(JSON.stringify(old)));
  assert.equal(read.id, old.id);
  assert.equal(read.config.trainSize, 20);
  assert.equal(read.config.samples, undefined);
  assert.deepEqual(read.sweep.grid, { trainSize: [20, 40] });
  const current = makeReport({ config: { suite: "logistic", trainSize: 20 } });
  assert.equal(validateReport(current), current, "a current report is read as it is");
});
