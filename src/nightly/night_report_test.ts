import assert from "node:assert/strict";
import { NightReportError, validateNightReport } from "./night_report.ts";
import { sampleNight } from "./test_reports.ts";

function rejects(data: unknown, includes: string): void {
  assert.throws(
    () => validateNightReport(data),
    (e: unknown) => e instanceof NightReportError && e.message.includes(includes),
  );
}

Deno.test("validateNightReport() accepts a well-formed night", () => {
  assert.equal(validateNightReport(sampleNight()).id, "2026-01-01T03:00:00Z-h-0of1");
});

Deno.test("validateNightReport() names the bad field of a malformed night", () => {
  rejects({ ...sampleNight(), schema: 3 }, "field 'schema' must be 1, got 3");
  rejects({ ...sampleNight(), id: "a b/c" }, "field 'id' must be");
  const night = sampleNight();
  night.verdicts[0]!.observed = Number.NaN;
  rejects(night, "field 'verdicts[0].observed' must be a finite number, got NaN");
  rejects(
    { ...sampleNight(), regressed: false },
    "field 'regressed' must be true (from the verdicts)",
  );
});
