import assert from "node:assert/strict";
import type { Report } from "./schema.ts";
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
