/**
 * Table 2 of paper 004 (Section 6.3) from cnn-cifar5 reports: per seed the PL-ratio minimum and
 * median on the stable regime, the terminal-loss proxy L*, the final drift and the fitted
 * contraction, then their mean over seeds. `deno run -A suites/cnn_cifar5_table.ts runs/` prints
 * it for a report folder.
 */
import type { Report } from "../src/report/schema.ts";
import { readReportFolders } from "../src/spool/store_files.ts";
import { alignRows } from "../src/util/text_table.ts";
import { formatNumber, MISSING } from "../src/util/number_format.ts";

/** One row of Table 2; `seed` is null on the mean row. */
export interface SeedRow {
  seed: number | null;
  plMin: number | null;
  plMedian: number | null;
  lStar: number | null;
  finalDrift: number | null;
  contraction: number | null;
  window: [number, number] | null;
}

const COLUMNS = ["plMin", "plMedian", "lStar", "finalDrift", "contraction"] as const;

/**
 * Per-seed rows (ascending seed) of the complete cnn-cifar5 reports, then a mean row (each column
 * averaged over the seeds where it is defined; null where none is).
 *
 * @example
 * const rows = seedTable(reports); // rows.at(-1).seed === null: the mean
 */
export function seedTable(reports: readonly Report[]): SeedRow[] {
  const rows: SeedRow[] = reports
    .filter((r) => r.suite === "cnn-cifar5" && r.status === "complete")
    .map((r) => ({
      seed: r.config.seed,
      plMin: r.summary.plMin,
      plMedian: r.summary.plMedian,
      lStar: r.summary.lStar,
      finalDrift: r.summary.finalDrift,
      contraction: r.summary.contraction,
      window: r.summary.window,
    }))
    .sort((a, b) => a.seed - b.seed);
  const mean: SeedRow = {
    seed: null,
    plMin: null,
    plMedian: null,
    lStar: null,
    finalDrift: null,
    contraction: null,
    window: null,
  };
  for (const key of COLUMNS) {
    const values = rows.map((r) => r[key]).filter((v): v is number => v !== null);
    mean[key] = values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  }
  return [...rows, mean];
}

/** The table as aligned text. */
export function formatSeedTable(rows: readonly SeedRow[]): string {
  const lines = [["seed", "window", "PL min", "PL median", "L*", "final drift", "contraction"]];
  for (const r of rows) {
    lines.push([
      r.seed === null ? "mean" : String(r.seed),
      r.window === null ? MISSING : `${r.window[0]}-${r.window[1]}`,
      ...COLUMNS.map((k) => formatNumber(r[k])),
    ]);
  }
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
