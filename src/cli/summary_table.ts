/**
 * The end-of-sweep table: one line per run, led by the decay verdict (model, its rho when
 * geometric, decades resolved: summary.decay), the PL verdict along the run and its ratio's fall
 * (first over last quarter: summary.plVerdict, plFall), the PL minima against L* = 0, the fitted
 * L_inf and the terminal proxy (plMin0, plMinFit, plMin*), then the paper's Table 1 columns (L*,
 * final drift, lambda_0, lambda_T, eta / eta_max) and its proxy contraction (rho*).
 */
import type { Report } from "../report/schema.ts";
import type { ConfigValue } from "../config/run_config.ts";
import { formatNumber } from "../util/text_table.ts";

/** A numeric column: title and the value of a report. */
type Column = [string, (r: Report) => unknown];

const DECAY_COLUMNS: Column[] = [
  ["rho", (r) => r.summary.decay?.rho],
  ["decades", (r) => r.summary.decay?.gapDecades],
];

const SUMMARY_COLUMNS: Column[] = [
  ["plFall", (r) => r.summary.plFall],
  ["plMin0", (r) => r.summary.plMinZero],
  ["plMinFit", (r) => r.summary.plMinFit],
  ["plMin*", (r) => r.summary.plMin],
  ["L*", (r) => r.summary.lStar],
  ["drift", (r) => r.summary.finalDrift],
  ["lambda0", (r) => r.summary.lambda0],
  ["lambdaT", (r) => r.summary.lambdaT],
  ["rho*", (r) => r.summary.contraction],
  ["eta/etaMax", (r) => r.summary.etaOverEtaMax],
];

function formatValue(value: ConfigValue | undefined): string {
  return typeof value === "number" ? formatNumber(value) : String(value ?? "-");
}

/**
 * Rows of the table (header first) for `reports`, with the config keys `keys` as leading columns
 * (width, lr and seed are always shown). Summary columns that are null in every run are left out;
 * a starred title marks a quantity measured against the terminal proxy L* = final loss.
 */
export function summaryRows(reports: readonly Report[], keys: readonly string[]): string[][] {
  const configKeys = [...new Set(["width", "lr", "seed", ...keys])];
  const hasDecay = reports.some((r) => r.summary.decay !== null && r.summary.decay !== undefined);
  const hasPl = reports.some((r) => typeof r.summary.plVerdict === "string");
  const numeric = (columns: Column[]) =>
    columns.filter(([, value]) => reports.some((r) => typeof value(r) === "number"));
  const columns = [...(hasDecay ? numeric(DECAY_COLUMNS) : []), ...numeric(SUMMARY_COLUMNS)];
  const header = [
    "run",
    ...configKeys,
    "status",
    ...(hasDecay ? ["decay"] : []),
    ...(hasPl ? ["PL"] : []),
    ...columns.map(([title]) => title),
  ];
  const rows = reports.map((r) => [
    r.id.slice(0, 8),
    ...configKeys.map((k) => formatValue(r.config[k])),
    r.status === "diverged" ? `diverged@${r.divergedAt}` : r.status,
    ...(hasDecay ? [r.summary.decay?.model ?? "-"] : []),
    ...(hasPl ? [r.summary.plVerdict ?? "-"] : []),
    ...columns.map(([, value]) => formatNumber(value(r))),
  ]);
  return [header, ...rows];
}
