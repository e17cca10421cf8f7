/**
 * `deno task claims [--out DIR ...] [--upload URL] [--report FILE]`: the suites' claims judged on
 * existing reports (several shard folders together), one verdict and one line of evidence per
 * claim and sweep; optionally sends the reports to the dashboard (whose Claims panels judge them
 * the same way) and writes the paper reproduction report.
 */
import { type ClaimSuite, evaluateReports } from "../claims/evaluate.ts";
import type { PaperReportInput } from "../claims/paper_report_input.ts";
import { claimLines } from "../claims/format.ts";
import { writeAtomic } from "../spool/store_files.ts";
import { UsageError } from "../util/usage_error.ts";
import { parseFlags } from "../util/strict_flags.ts";
import { type ProgressSink, stdoutSink } from "./progress.ts";
import { terminalSafe } from "./terminal_text.ts";
import { checkReportFolders, checkUploadUrl, readFolders, sendMissing } from "./upload_command.ts";

/** What the command depends on besides its flags. */
export interface ClaimsDeps {
  suites: readonly ClaimSuite[];
  env: Record<string, string | undefined>;
  /** Builds the self-contained paper report (HTML). */
  paperReport: (input: PaperReportInput) => Promise<string>;
  out?: ProgressSink;
}

const USAGE = "usage: claims [--out DIR ...] [--upload URL] [--report FILE]";

function parse(args: string[]) {
  try {
    const flags = parseFlags(args, {
      string: ["upload", "report"],
      collect: ["out"],
      boolean: ["help"],
      short: { h: "help" },
    });
    return {
      out: flags.lists.out!,
      upload: flags.strings.upload,
      report: flags.strings.report,
      help: flags.booleans.help!,
    };
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split("\n")[0]} (${USAGE})`);
  }
}

/** Runs `claims`; 0 when the claims were judged (whatever their verdicts), 1 when nothing could be. */
export async function claimsCommand(args: string[], deps: ClaimsDeps): Promise<number> {
  const sink = deps.out ?? stdoutSink();
  const out = {
    write: (text: string) => sink.write(terminalSafe(text)),
    isTerminal: sink.isTerminal,
  };
  const values = parse(args);
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (values.report === "") throw new UsageError(`Invalid --report '': expected a file name`);
  const url = values.upload === undefined ? null : checkUploadUrl(values.upload);
  const dirs = await checkReportFolders(values.out.length > 0 ? values.out : ["runs"]);
  const { reports, skipped } = await readFolders(dirs, out);
  if (reports.length === 0) {
    out.write(
      `no reports in ${dirs.join(", ")}: nothing to judge` +
        (skipped > 0 ? ` (${skipped} report files skipped, named above)\n` : "\n"),
    );
    return 1;
  }
  const { sweeps, unknown } = evaluateReports(deps.suites, reports);
  for (const sweep of sweeps) out.write(claimLines(sweep));
  if (unknown.length > 0) {
    out.write(`sweeps of suites plbench does not know: ${unknown.join(", ")}\n`);
  }
  let code = 0;
  if (values.report !== undefined) {
    const html = await deps.paperReport({
      reports,
      sweeps,
      source: `report folders ${dirs.join(", ")}`,
      generatedAt: new Date().toISOString(),
    });
    await writeAtomic(values.report, html);
    out.write(`paper report written to ${values.report} (${Math.round(html.length / 1024)} KiB)\n`);
  }
  if (url !== null) {
    const target = { url, token: deps.env.PLBENCH_TOKEN ?? null };
    if ((await sendMissing(reports, target, dirs, out)).complete) {
      out.write(`claims on the dashboard: ${url.replace(/\/+$/, "")}/claims\n`);
    } else code = 1;
  }
  return code;
}
