/**
 * Reports on disk: `<out>/<id>.json` (validated, written atomically: temp name then rename) and
 * `<out>/<id>.csv` of the per-epoch series. A half-written or invalid file reads as missing.
 */
import type { Report } from "../report/schema.ts";
import { validateReport } from "./validate.ts";
import { seriesCsv } from "../report/series_csv.ts";
import { readReportText } from "./report_file.ts";

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

/**
 * Reads and validates `<dir>/<id>.json` as untrusted input (report_file.ts: a regular file of at
 * most MAX_REPORT_FILE_BYTES); a file that is not one, and unparsable, invalid or mismatched
 * reports, are `invalid` with the reason.
 */
export async function readReport(dir: string, id: string): Promise<ReadResult> {
  const read = await readReportText(reportPath(dir, id));
  if (read.kind === "missing") return read;
  if (read.kind === "refused") return { kind: "invalid", reason: read.reason };
  const text = read.text;
  try {
    const report = validateReport(JSON.parse(text));
    if (report.id !== id) return { kind: "invalid", reason: `holds run ${report.id}` };
    return { kind: "ok", report };
  } catch (e) {
    return { kind: "invalid", reason: (e as Error).message };
  }
}

/**
 * Every valid report in `dir`, sorted by id; none for a folder that does not exist. Every
 * `<id>.json` that is not a valid report (invalid, half-written, not a regular file, too large) is
 * skipped, each passed to `onSkipped` with the reason when given.
 */
export async function listReports(
  dir: string,
  onSkipped?: (path: string, reason: string) => void,
): Promise<Report[]> {
  const ids: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const m = /^([0-9a-f]{16,64})\.json$/.exec(entry.name);
      if (m?.[1] !== undefined) ids.push(m[1]);
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  const reports: Report[] = [];
  for (const id of ids.sort()) {
    const read = await readReport(dir, id);
    if (read.kind === "ok") reports.push(read.report);
    else if (read.kind === "invalid") onSkipped?.(reportPath(dir, id), read.reason);
  }
  return reports;
}

/**
 * The valid reports of every folder in `dirs` (as `listReports`), for the commands that read
 * report folders named by the user: a name that is not a folder throws, naming it, and each skipped
 * file is told to `warn` as one line.
 */
export async function readReportFolders(
  dirs: readonly string[],
  warn: (line: string) => void = (line) => console.error(line),
): Promise<Report[]> {
  const reports: Report[] = [];
  for (const dir of dirs) {
    const info = await Deno.stat(dir).catch(() => null);
    if (info === null || !info.isDirectory) {
      throw new Error(`Cannot read reports from '${dir}': no such folder`);
    }
    reports.push(...await listReports(dir, (path, reason) => warn(`skipping ${path}: ${reason}`)));
  }
  return reports;
}

/** True when a report means the cell needs no rerun: it finished (complete or diverged). */
export function isFinished(report: Report): boolean {
  return report.status === "complete" || report.status === "diverged";
}
