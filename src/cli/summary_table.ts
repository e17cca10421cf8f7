/**
 * The end-of-sweep table: one line per run, led by the decay verdict (summary.decay.model) and the
 * catalogue's terminal verdicts (the PL verdict along the run), then the metric catalogue's
 * terminal metrics (src/report/metrics.ts: the decay fit's rho and decades, the PL ratio's fall,
 * the PL minima against L* = 0, the fitted L_inf and the terminal proxy, then Table 1's columns and
 * the proxy contraction), by their short titles.
 */
import type { Report } from "../report/schema.ts";
import type { ConfigValue } from "../config/run_config.ts";
import { metricsIn, metricValue } from "../report/metrics.ts";
import { formatNumber, MISSING } from "../util/number_format.ts";

/** The catalogue's terminal metrics: verdicts (shown by name) and numbers (src/report/metrics.ts). */
const VERDICTS = metricsIn("terminal").filter((m) => m.kind === "verdict");
const COLUMNS = metricsIn("terminal").filter((m) => m.kind === "number");

function formatValue(value: ConfigValue | undefined): string {
  return typeof value === "number" ? formatNumber(value) : String(value ?? MISSING);
}

/**
 * Rows of the table (header first) for `reports`, with the config keys `keys` as leading columns
 * (width, lr and seed are always shown). Columns that are null in every run are left out; a
 * starred title marks a quantity measured against the terminal proxy L* = final loss.
 */
export function summaryRows(reports: readonly Report[], keys: readonly string[]): string[][] {
  const configKeys = [...new Set(["width", "lr", "seed", ...keys])];
  const hasDecay = reports.some((r) => r.summary.decay !== null && r.summary.decay !== undefined);
  const verdicts = VERDICTS.filter((m) =>
    reports.some((r) => typeof r.summary[m.key] === "string")
  );
  const columns = COLUMNS.filter((m) => reports.some((r) => metricValue(r, m.key) !== null));
  const header = [
    "run",
    ...configKeys,
    "status",
    ...(hasDecay ? ["decay"] : []),
    ...verdicts.map((m) => m.short),
    ...columns.map((m) => m.short),
  ];
  const rows = reports.map((r) => [
    r.id.slice(0, 8),
    ...configKeys.map((k) => formatValue(r.config[k])),
    r.status === "diverged" ? `diverged@${r.divergedAt}` : r.status,
    ...(hasDecay ? [r.summary.decay?.model ?? MISSING] : []),
    ...verdicts.map((m) => String(r.summary[m.key] ?? MISSING)),
    ...columns.map((m) => formatNumber(metricValue(r, m.key))),
  ]);
  return [header, ...rows];
}
