/**
 * Reports on disk: `<out>/<id>.json` (validated, written atomically: temp name then rename) and
 * `<out>/<id>.csv` of the per-epoch series. A half-written or invalid file reads as missing.
 */
import type { Report } from "./schema.ts";
import { validateReport } from "./validate.ts";
import { seriesCsv } from "./series_csv.ts";

/** Path of a run's JSON report in `dir`. */
export function reportPath(dir: string, id: string): string {
  return `${dir}/${id}.json`;
}

/** Writes `text` to `path` atomically: a temp file in the same folder, then a rename. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  const tmp = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.${Deno.pid}.${
    crypto.randomUUID().slice(0, 8)
  }.tmp`;
  try {
    await Deno.writeTextFile(tmp, text);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Validates `report` and writes `<dir>/<id>.csv` then `<dir>/<id>.json` (the JSON last: its
 * presence marks the run as written). Returns the JSON path.
 */
export async function writeReport(dir: string, report: Report): Promise<string> {
  validateReport(report);
  await Deno.mkdir(dir, { recursive: true });
  await writeAtomic(`${dir}/${report.id}.csv`, seriesCsv(report.series));
  const path = reportPath(dir, report.id);
  await writeAtomic(path, JSON.stringify(report, null, 1) + "\n");
  return path;
}

/** What reading a report found. */
export type ReadResult =
  | { kind: "missing" }
  | { kind: "invalid"; reason: string }
  | { kind: "ok"; report: Report };

/** Reads and validates `<dir>/<id>.json`; unparsable, invalid or mismatched files are `invalid`. */
export async function readReport(dir: string, id: string): Promise<ReadResult> {
  let text: string;
  try {
    text = await Deno.readTextFile(reportPath(dir, id));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { kind: "missing" };
    throw e;
  }
  try {
    const report = validateReport(JSON.parse(text));
    if (report.id !== id) return { kind: "invalid", reason: `holds run ${report.id}` };
    return { kind: "ok", report };
  } catch (e) {
    return { kind: "invalid", reason: (e as Error).message };
  }
}

/** Every valid report in `dir` (invalid and half-written files are skipped), sorted by id. */
export async function listReports(dir: string): Promise<Report[]> {
  const ids: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const m = /^([0-9a-f]{16,64})\.json$/.exec(entry.name);
      if (entry.isFile && m?.[1] !== undefined) ids.push(m[1]);
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  const reports: Report[] = [];
  for (const id of ids.sort()) {
    const read = await readReport(dir, id);
    if (read.kind === "ok") reports.push(read.report);
  }
  return reports;
}

/** True when a report means the cell needs no rerun: it finished (complete or diverged). */
export function isFinished(report: Report): boolean {
  return report.status === "complete" || report.status === "diverged";
}
