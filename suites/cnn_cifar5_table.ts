/**
 * Table 2 of paper 004 (Section 6.3) from cnn-cifar5 reports, as the paper report builds it
 * (src/report/table2.ts): per seed the PL-ratio minimum and median on the stable regime, the
 * terminal-loss proxy L* and the final drift, then their mean over seeds.
 * `deno run -A suites/cnn_cifar5_table.ts runs/` prints it for a report folder.
 */
import type { Report } from "../src/report/schema.ts";
import { type Table2, table2, TABLE2_METRICS } from "../src/report/table2.ts";
import { readReportFolders } from "../src/spool/store_files.ts";
import { alignRows } from "../src/util/text_table.ts";
import { formatNumber, MISSING } from "../src/util/number_format.ts";

/** Table 2 of the complete cnn-cifar5 reports among `reports` (src/report/table2.ts). */
export function seedTable(reports: readonly Report[]): Table2 {
  return table2(reports.filter((r) => r.suite === "cnn-cifar5"));
}

/** The table as aligned text: a line per seed, then the mean over the seeds. */
export function formatSeedTable(table: Table2): string {
  const lines = [["seed", "window", ...TABLE2_METRICS.map((m) => m.label)]];
  for (const r of table.seeds) {
    const w = r.window === null ? MISSING : `${r.window[0]}-${r.window[1]}`;
    lines.push([String(r.seed), w, ...r.values.map(formatNumber)]);
  }
  lines.push(["mean", MISSING, ...table.mean.map((s) => formatNumber(s.mean))]);
  return alignRows(lines).join("\n");
}

/** Prints Table 2 for the cnn-cifar5 reports in the folders given as arguments. */
export async function main(args: string[]): Promise<number> {
  if (args.length === 0) {
    console.error("Usage: deno run -A suites/cnn_cifar5_table.ts DIR [DIR ...]");
    return 2;
  }
  console.log(formatSeedTable(seedTable(await readReportFolders(args))));
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
