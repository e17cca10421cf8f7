import assert from "node:assert/strict";
import type { Report } from "./schema.ts";
import { ReportError, validateReport } from "./validate.ts";

function assertThrows(fn: () => unknown, kind: typeof ReportError, includes: string): void {
  assert.throws(fn, (e: unknown) => e instanceof kind && e.message.includes(includes));
}

function minimalReport(): Report {
  return {
    schema: 2,
    id: "0123456789abcdef",
    suite: "mlp-mnist",
    sweep: {
      id: "fedcba9876543210",
      suite: "mlp-mnist",
      grid: { seed: [0] },
      cells: 1,
      shard: { index: 0, count: 1 },
    },
    config: { suite: "mlp-mnist", seed: 0, epochs: 2, lr: 0.003, width: 8 },
    status: "complete",
    divergedAt: null,
    error: null,
    params: 10,
    trainSize: null,
    env: {
      backend: "wasm",
      adapter: null,
      deno: "2.9.6",
      tfjs: "4.22.0",
      os: "linux",
      arch: "x86_64",
      hostname: "h",
    },
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:00:01.000Z",
    series: {
      epoch: [0, 1, 2],
      loss: [1, 0.5, 0.25],
      gradNormSq: [1, 0.5, 0.25],
      drift: [0, 0.1, 0.2],
      lr: [0.003, 0.003, 0.003],
      seconds: [0, 0.1, 0.2],
    },
    summary: { lStar: 0.25 } as Report["summary"],
    notes: [],
  };
}

Deno.test("validateReport() accepts a minimal well-formed report", () => {
  const report = minimalReport();
  assert.deepEqual(validateReport(structuredClone(report)), report);
});

Deno.test("validateReport() names the field of a wrong schema version", () => {
  const bad = { ...minimalReport(), schema: 3 };
  assertThrows(
    () => validateReport(bad),
    ReportError,
    "field 'schema' must be 2 (or 1, read and upgraded), got 3",
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
