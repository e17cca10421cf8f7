/**
 * `deno task upload [--out DIR ...] --upload URL`: sends the reports in the folders that the
 * dashboard does not have yet (all of them when it cannot be asked: its upsert is idempotent).
 */
import { parseFlags } from "../util/strict_flags.ts";
import type { Report } from "../report/schema.ts";
import { listReports } from "../spool/store_files.ts";
import { postReports, remoteRuns, type UploadTarget } from "../report/upload.ts";
import { UsageError } from "../util/usage_error.ts";
import type { ProgressSink } from "./progress.ts";
import { stdoutSink } from "./progress.ts";
import { terminalSafe } from "./terminal_text.ts";

const BATCH = 50;

/** `url` when it is an http(s) URL; UsageError naming it otherwise. */
export function checkUploadUrl(url: string): string {
  if (!/^https?:\/\/[^/]/.test(url)) {
    throw new UsageError(`Invalid --upload '${url}': expected an http:// or https:// URL`);
  }
  return url;
}

/** `dirs` when each is a folder; UsageError naming the first that is not. */
export async function checkReportFolders(dirs: string[]): Promise<string[]> {
  for (const dir of dirs) {
    const info = await Deno.stat(dir).catch(() => null);
    if (info === null || !info.isDirectory) {
      throw new UsageError(`Invalid --out '${dir}': no such folder of reports`);
    }
  }
  return dirs;
}

/** Runs `upload`; returns 0 when every report is on the dashboard, 1 otherwise. */
export async function uploadCommand(
  args: string[],
  env: Record<string, string | undefined>,
  out: ProgressSink = stdoutSink(),
): Promise<number> {
  let values;
  try {
    const flags = parseFlags(args, { string: ["upload"], collect: ["out"] });
    values = { upload: flags.strings.upload, out: flags.lists.out! };
  } catch (e) {
    throw new UsageError(
      `${(e as Error).message.split("\n")[0]} (usage: upload [--out DIR] --upload URL)`,
    );
  }
  if (values.upload === undefined) {
    throw new UsageError("upload needs --upload URL (the dashboard)");
  }
  const target: UploadTarget = {
    url: checkUploadUrl(values.upload),
    token: env.PLBENCH_TOKEN ?? null,
  };
  const dirs = await checkReportFolders(values.out.length > 0 ? values.out : ["runs"]);
  const { reports, skipped } = await readFolders(dirs, out);
  const { complete, sent } = await sendMissing(reports, target, dirs, out);
  if (skipped > 0 && sent === 0) {
    out.write(`nothing sent and ${skipped} report files skipped (named above)\n`);
    return 1;
  }
  return complete ? 0 : 1;
}

/**
 * The valid reports of the folders `dirs`; each `<id>.json` that is not one is named on `out`
 * with the reason (`skipping PATH: REASON`) and counted.
 */
export async function readFolders(
  dirs: readonly string[],
  out: ProgressSink,
): Promise<{ reports: Report[]; skipped: number }> {
  const reports: Report[] = [];
  let skipped = 0;
  const skip = (path: string, reason: string) => {
    skipped++;
    out.write(`skipping ${path}: ${terminalSafe(reason)}\n`);
  };
  for (const dir of dirs) reports.push(...await listReports(dir, skip));
  return { reports, skipped };
}

/**
 * Sends the reports the dashboard at `target` lacks (all of them when it cannot be asked: its
 * upsert is idempotent) and says how it went: `complete` when every report is on the dashboard,
 * and how many were `sent`.
 */
export async function sendMissing(
  reports: readonly Report[],
  target: UploadTarget,
  dirs: readonly string[],
  out: ProgressSink,
): Promise<{ complete: boolean; sent: number }> {
  const suites = [...new Set(reports.map((r) => r.suite))];
  const have = new Set<string>();
  let asked = true;
  for (const suite of suites) {
    const ids = await remoteRuns(target, suite);
    if (ids === null) asked = false;
    else ids.forEach((_, id) => have.add(id));
  }
  const missing = [
    ...new Map(reports.filter((r) => !have.has(r.id)).map((r) => [r.id, r])).values(),
  ];
  let sent = 0;
  const errors: string[] = [];
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const result = await postReports(target, batch);
    if (result.ok) sent += batch.length;
    else errors.push(result.error);
  }
  out.write(
    `${reports.length} reports in ${dirs.join(", ")}: ${
      reports.length - missing.length
    } already on ` +
      `the dashboard, ${sent} sent, ${missing.length - sent} not sent` +
      (asked ? "" : " (the dashboard could not be asked which it has: sent all)") + "\n",
  );
  if (errors.length > 0) out.write(`upload failed: ${terminalSafe(errors[0]!)}\n`);
  return { complete: sent === missing.length, sent };
}
