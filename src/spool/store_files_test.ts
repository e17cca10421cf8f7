import assert from "node:assert/strict";
import { parse } from "@std/csv/parse";
import { buildReport, emptySummary, failedReport } from "../report/build.ts";
import { testFrame } from "../testing/report_factory.ts";
import {
  listReports,
  readReport,
  readReportFolders,
  reportPath,
  writeReport,
} from "./store_files.ts";

const frame = testFrame({
  config: { suite: "fake", epochs: 2, width: 4 },
  env: { backend: "cpu" },
});
const series = {
  epoch: [0, 1, 2],
  loss: [1, 0.5, 0.25],
  gradNormSq: [4, 1, 0.25],
  drift: [0, 0.1, 0.15],
  lr: [0.1, 0.1, 0.1],
  seconds: [0, 0.01, 0.02],
};
const report = buildReport(frame, {
  status: "complete",
  divergedAt: null,
  error: null,
  params: 5,
  trainSize: 4,
  series,
  notes: [],
}, emptySummary());

Deno.test("writeReport() writes JSON that reads back equal, and a CSV of the series", async () => {
  const dir = await Deno.makeTempDir();
  const path = await writeReport(dir, report);
  assert.equal(path, reportPath(dir, frame.id));
  const read = await readReport(dir, frame.id);
  assert.deepEqual(read, { kind: "ok", report });
  const rows: Record<string, string>[] = parse(
    await Deno.readTextFile(`${dir}/${frame.id}.csv`),
    { skipFirstRow: true },
  );
  assert.deepEqual(rows.map((r) => Number(r.loss)), series.loss);
  assert.deepEqual(Object.keys(rows[0] ?? {}), [
    "epoch",
    "loss",
    "gradNormSq",
    "drift",
    "lr",
    "seconds",
  ]);
  const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.deepEqual(left, [`${frame.id}.csv`, `${frame.id}.json`]);
});

Deno.test("a half-written or invalid report reads as invalid and is not listed", async () => {
  const dir = await Deno.makeTempDir();
  await writeReport(dir, report);
  const text = await Deno.readTextFile(reportPath(dir, frame.id));
  await Deno.writeTextFile(reportPath(dir, frame.id), text.slice(0, text.length / 2));
  assert.equal((await readReport(dir, frame.id)).kind, "invalid");
  await Deno.writeTextFile(reportPath(dir, frame.id), JSON.stringify({ ...report, status: "ok" }));
  const read = await readReport(dir, frame.id);
  assert.equal(read.kind === "invalid" && read.reason.includes("status"), true);
  assert.deepEqual(await listReports(dir), []);
  assert.equal((await readReport(dir, "ffffffffffffffffffff")).kind, "missing");
});

Deno.test("readReportFolders() reads every folder, names each skipped file and refuses a missing folder", async () => {
  const [a, b] = [await Deno.makeTempDir(), await Deno.makeTempDir()];
  await writeReport(a, report);
  const other = { ...report, id: "fedcba9876543210fedc" };
  await writeReport(b, other);
  await Deno.writeTextFile(reportPath(b, "00000000000000000000"), "{ half");
  await Deno.writeTextFile(`${b}/notes.json`, "not a report, not listed");
  const lines: string[] = [];
  const reports = await readReportFolders([a, b], (line) => lines.push(line));
  assert.deepEqual(reports.map((r) => r.id), [report.id, other.id]);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, new RegExp(`^skipping ${reportPath(b, "00000000000000000000")}: `));
  await assert.rejects(
    () => readReportFolders([`${a}/nope`]),
    new RegExp(`Cannot read reports from '${a}/nope': no such folder`),
  );
});

Deno.test("writeReport() refuses an invalid report and leaves no file", async () => {
  const dir = await Deno.makeTempDir();
  const bad = { ...report, series: { ...series, loss: [1, NaN, 0] } };
  await assert.rejects(() => writeReport(dir, bad), /series.loss\[1\]/);
  assert.deepEqual([...Deno.readDirSync(dir)], []);
});

Deno.test("failedReport() is a valid report with the reason and an empty series", async () => {
  const dir = await Deno.makeTempDir();
  await writeReport(dir, failedReport(frame, "worker killed by SIGKILL"));
  const read = await readReport(dir, frame.id);
  assert.equal(read.kind, "ok");
  if (read.kind === "ok") {
    assert.equal(read.report.status, "failed");
    assert.equal(read.report.error, "worker killed by SIGKILL");
  }
});
