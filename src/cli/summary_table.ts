/**
 * The end-of-sweep table: one line per run, like a row of the paper's Table 1 (config axes, status,
 * L*, final drift, lambda_0, lambda_T, PL min, contraction, eta / eta_max).
 */
import type { Report } from "../report/schema.ts";
import type { ConfigValue } from "../config/run_config.ts";

const SUMMARY_COLUMNS: [string, string][] = [
  ["L*", "lStar"],
  ["drift", "finalDrift"],
  ["lambda0", "lambda0"],
  ["lambdaT", "lambdaT"],
  ["plMin", "plMin"],
  ["rho", "contraction"],
  ["eta/etaMax", "etaOverEtaMax"],
];

/** A number in 4 significant digits, `-` for null or anything else. */
export function formatNumber(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return "-";
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) {
    return value.toExponential(3);
  }
  return String(Number(value.toPrecision(4)));
}

function formatValue(value: ConfigValue | undefined): string {
  return typeof value === "number" ? formatNumber(value) : String(value ?? "-");
}

/**
 * Rows of the table (header first) for `reports`, with the config keys `keys` as leading columns
 * (width, lr and seed are always shown). Summary columns that are null in every run are left out.
 */
export function summaryRows(reports: readonly Report[], keys: readonly string[]): string[][] {
  const configKeys = [...new Set(["width", "lr", "seed", ...keys])];
  const columns = SUMMARY_COLUMNS.filter(([, key]) =>
    reports.some((r) => typeof r.summary[key] === "number")
  );
  const header = ["run", ...configKeys, "status", ...columns.map(([title]) => title)];
  const rows = reports.map((r) => [
    r.id.slice(0, 8),
    ...configKeys.map((k) => formatValue(r.config[k])),
    r.status === "diverged" ? `diverged@${r.divergedAt}` : r.status,
    ...columns.map(([, key]) => formatNumber(r.summary[key])),
  ]);
  return [header, ...rows];
}

/** Rows as aligned text lines. */
export function alignRows(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd());
}
