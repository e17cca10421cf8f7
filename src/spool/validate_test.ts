// deno-lint-ignore-file no-explicit-any
import assert from "node:assert/strict";
import type { Report } from "../report/schema.ts";
import { ReportError, validateReport } from "./validate.ts";
import { makeReport } from "../testing/report_factory.ts";

function assertThrows(fn: () => unknown, kind: typeof ReportError, includes: string): void {
  assert.throws(fn, (e: unknown) => e instanceof kind && e.message.includes(includes));
}

/** A valid report with only one summary value: every other summary field may be absent. */
function minimalReport(): Report {
  return { ...makeReport({ suite: "mlp-mnist" }), summary: { lStar: 0.25 } as Report["summary"] };
}

Deno.test("validateReport() accepts a minimal well-formed report", () => {
  const report = minimalReport();
  assert.deepEqual(validateReport(structuredClone(report)), report);
});

Deno.test("validateReport() names the field of a wrong schema version", () => {
  const bad = { ...minimalReport(), schema: 4 };
  assertThrows(
    () => validateReport(bad),
    ReportError,
    "field 'schema' must be 3 (or 1 or 2, read and upgraded), got 4",
  );
});

Deno.test("validateReport() refuses a series shorter than series.epoch", () => {
  const bad = minimalReport();
  bad.series.loss = [1, 0.5];
  assertThrows(() => validateReport(bad), ReportError, "series.loss");
});

Deno.test("validateReport() refuses NaN in a series and names the index", () => {
  const bad = minimalReport();
  bad.series.drift[1] = NaN;
  assertThrows(
    () => validateReport(bad),
    ReportError,
    "series.drift[1]' must be a finite number, got NaN",
  );
});

Deno.test("validateReport() refuses a missing config key and an unknown status", () => {
  const noLr = minimalReport() as unknown as { config: Record<string, unknown> };
  delete noLr.config.lr;
  assertThrows(() => validateReport(noLr), ReportError, "config.lr");
  const badStatus = { ...minimalReport(), status: "done" };
  assertThrows(() => validateReport(badStatus), ReportError, "field 'status'");
});

Deno.test("validateReport() requires the epoch of divergence for a diverged run", () => {
  const bad = { ...minimalReport(), status: "diverged" };
  assertThrows(() => validateReport(bad), ReportError, "divergedAt");
});

Deno.test("validateReport() refuses an infinite summary value", () => {
  const bad = minimalReport();
  bad.summary.plMin = Infinity;
  assertThrows(() => validateReport(bad), ReportError, "summary.plMin");
});

Deno.test("validateReport() takes env.blas as a library with a thread count, null or absent (older reports)", () => {
  const older = minimalReport();
  assert.equal("blas" in older.env, false);
  validateReport(older);
  const plain = minimalReport();
  plain.env.blas = null;
  validateReport(plain);
  const native = minimalReport();
  native.env.blas = { library: "libopenblas.so.0", threads: 2 };
  assert.deepEqual(validateReport(structuredClone(native)).env.blas, native.env.blas);
  native.env.blas = { library: "Accelerate", threads: null };
  validateReport(native);
  const badThreads = minimalReport();
  badThreads.env.blas = { library: "libopenblas.so.0", threads: 0 };
  assertThrows(() => validateReport(badThreads), ReportError, "env.blas.threads");
  const noLibrary = minimalReport() as unknown as { env: Record<string, unknown> };
  noLibrary.env.blas = { threads: 1 };
  assertThrows(() => validateReport(noLibrary), ReportError, "env.blas.library");
});

Deno.test("validateReport() holds every field to its type and range, naming it", () => {
  const cases: [string, (r: Record<string, any>) => void, string][] = [
    ["grid axis", (r) => (r.sweep.grid.width = 8), "sweep.grid.width"],
    ["grid value", (r) => (r.sweep.grid.seed = [0, [1]]), "sweep.grid.seed[1]"],
    ["grid empty axis", (r) => (r.sweep.grid.seed = []), "sweep.grid.seed"],
    ["cells", (r) => (r.sweep.cells = 0), "sweep.cells"],
    ["shard", (r) => (r.sweep.shard = { index: 1, count: 1 }), "sweep.shard.index"],
    ["sweep id", (r) => (r.sweep.id = "a\nb"), "sweep.id"],
    ["epochs", (r) => (r.config.epochs = -3), "config.epochs"],
    ["huge width", (r) => (r.config.width = 1e308), "config.width"],
    ["lr", (r) => (r.config.lr = 0), "config.lr"],
    ["seed", (r) => (r.config.seed = 1.5), "config.seed"],
    ["config value", (r) => (r.config.act = { a: 1 }), "config.act"],
    ["params", (r) => (r.params = -1), "params"],
    ["divergedAt", (r) => (r.divergedAt = -2), "divergedAt"],
    ["date", (r) => (r.startedAt = "soon"), "startedAt"],
    ["hostname", (r) => (r.env.hostname = 7), "env.hostname"],
    ["epoch", (r) => (r.series.epoch[1] = 0.5), "series.epoch[1]"],
    ["summary object", (r) => (r.summary.extra = { a: 1 }), "summary.extra"],
    ["summary triple", (r) => (r.summary.extra = [1, 2, 3]), "summary.extra"],
    ["deep", (r) => (r.notes = [[[[[[[["x"]]]]]]]]), "notes[0][0][0][0][0][0][0]"],
    ["NUL", (r) => (r.error = "a\u0000b"), "error"],
    ["window reversed", (r) => (r.summary.window = [5, 2]), "summary.window"],
    ["window huge", (r) => (r.summary.window = [0, 1e300]), "summary.window"],
    ["window fraction", (r) => (r.summary.window = [0.5, 3]), "summary.window"],
  ];
  for (const [what, change, field] of cases) {
    const bad = minimalReport() as unknown as Record<string, any>;
    change(bad);
    assert.throws(
      () => validateReport(bad),
      (e: unknown) => e instanceof ReportError && e.message.includes(`field '${field}' must be`),
      what,
    );
  }
});

Deno.test("validateReport() takes NTK probes with one noise-floor flag per probe", () => {
  const r = minimalReport();
  const ntk = {
    epoch: [0, 2],
    lambdaMin: [1, null] as number[],
    lambdaMax: [2, 3],
    kernelShift: [0, 0.1],
    drift: [0, 0.2],
    k: 8,
    belowNoiseFloor: [false, true],
  };
  r.series.ntk = ntk;
  validateReport(structuredClone(r));
  r.series.ntk = { ...ntk, belowNoiseFloor: [false] };
  assertThrows(() => validateReport(r), ReportError, "series.ntk.belowNoiseFloor");
});

Deno.test("validateReport() takes the probe subset's record, or none (older reports), and names a bad part", async () => {
  const probe = { seed: 0, k: 8, n: 40, hash: "a".repeat(64) };
  const report = { ...minimalReport(), probe };
  assert.deepEqual(validateReport(structuredClone(report)).probe, probe);
  assert.equal(validateReport(minimalReport()).probe, undefined);
  const old = JSON.parse(
    await Deno.readTextFile(
      new URL("../../fixtures/reports/schema1-mlp-mnist.json", import.meta.url),
    ),
  );
  assert.equal(validateReport(old).probe, undefined);
  const cases: [unknown, string][] = [
    [null, "field 'probe' must be an object, got null"],
    [{ ...probe, seed: -1 }, "field 'probe.seed' must be a whole number from 0 to 4294967295"],
    [{ ...probe, n: 0 }, "field 'probe.n' must be a whole number from 1"],
    [{ ...probe, k: 41 }, "field 'probe.k' must be a whole number from 1 to 40, got 41"],
    [
      { ...probe, hash: "A".repeat(64) },
      "field 'probe.hash' must be a SHA-256 in 64 lowercase hex",
    ],
  ];
  for (const [bad, message] of cases) {
    assertThrows(() => validateReport({ ...minimalReport(), probe: bad }), ReportError, message);
  }
});
