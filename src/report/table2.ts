/**
 * Paper 004's Table 2 (Section 6.3, the CNN robustness check), built once for the suite's terminal
 * table (suites/cnn_cifar5_table.ts) and the paper reproduction report: one row per seed of the
 * complete runs, ascending, with its stable window and the metric catalogue's Table 2 columns (PL
 * min and median on the window against the terminal proxy, L*, final drift), then their mean and
 * standard deviation over the seeds where each is defined. A diverged or failed run has no
 * meaningful window values, so it is left out, as the paper's table has none.
 */
import type { Report } from "./schema.ts";
import { metricsIn, metricValue } from "./metrics.ts";
import { type Stats, stats } from "../util/stats.ts";

/** The columns of Table 2, in the paper's order. */
export const TABLE2_METRICS = metricsIn("table2");

/** One seed's row. */
export interface Table2Seed {
  seed: number;
  run: string;
  window: [number, number] | null;
  values: (number | null)[];
}

/** The table: the seeds' rows, then each column's statistics over the seeds. */
export interface Table2 {
  seeds: Table2Seed[];
  mean: Stats[];
}

/**
 * Table 2 of `reports` (the complete ones).
 *
 * @example
 * const t = table2(reports); // t.mean[0].mean: PL min on W averaged over the seeds
 */
export function table2(reports: readonly Report[]): Table2 {
  const seeds = reports.filter((r) => r.status === "complete")
    .sort((a, b) => a.config.seed - b.config.seed)
    .map((r) => ({
      seed: r.config.seed,
      run: r.id,
      window: Array.isArray(r.summary.window) ? r.summary.window : null,
      values: TABLE2_METRICS.map((m) => metricValue(r, m.key)),
    }));
  const mean = TABLE2_METRICS.map((_, i) =>
    stats(seeds.flatMap((s) => s.values[i] === null ? [] : [s.values[i]!]))
  );
  return { seeds, mean };
}
