/**
 * Exports: the cross-seed table as CSV and as a LaTeX booktabs table, a run's series as CSV. CSV
 * text cells go through `inertRecords` (csv_cells.ts) first, so no cell runs as a formula.
 */
import { stringify } from "@std/csv/stringify";
import type { Report } from "../../src/report/schema.ts";
import { type CrossSeedTable, decayCounts } from "./cross_seed_table.ts";
import { inertRecords } from "./csv_cells.ts";

/**
 * Columns: the axes, `seeds` (count), `seed_list`, `decay` (the seeds' decay verdicts), then mean,
 * std, min, max of every metric.
 */
export function tableCsv(table: CrossSeedTable, metrics: string[] = table.metrics): string {
  const header = [...table.axes, "seeds", "seed_list", "decay"];
  for (const m of metrics) header.push(`${m}_mean`, `${m}_std`, `${m}_min`, `${m}_max`);
  const records = table.rows.map((row) => {
    const cells: (string | number | boolean | null)[] = table.axes.map((a) =>
      row.config[a] ?? null
    );
    cells.push(row.seeds.length, row.seeds.join(" "), decayCounts(row.decay));
    for (const m of metrics) {
      const s = row.metrics[m];
      cells.push(s?.mean ?? null, s?.std ?? null, s?.min ?? null, s?.max ?? null);
    }
    return cells;
  });
  return stringify(inertRecords([header, ...records]));
}

const LATEX_SPECIAL: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "&": "\\&",
  "%": "\\%",
  "$": "\\$",
  "#": "\\#",
  "_": "\\_",
  "{": "\\{",
  "}": "\\}",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
};

/** Escapes LaTeX's special characters in text. */
export function latexEscape(text: string): string {
  return text.replace(/[\\&%$#_{}~^]/g, (c) => LATEX_SPECIAL[c]!);
}

/** A number with `digits` significant digits, in LaTeX math (scientific as `a \times 10^{b}`). */
export function latexNumber(x: number, digits = 3): string {
  if (x === 0) return "0";
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e5) return String(Number(x.toPrecision(digits)));
  const [mantissa, exponent] = x.toExponential(digits - 1).split("e");
  return `${Number(mantissa)} \\times 10^{${Number(exponent)}}`;
}

/** The table as a booktabs `tabular`: axes, `n` seeds, each metric as `mean \pm std`. */
export function tableLatex(table: CrossSeedTable, metrics: string[] = table.metrics): string {
  const cols = "l".repeat(table.axes.length) + "r" + "r".repeat(metrics.length);
  const header = [...table.axes, "n", ...metrics].map((h) => latexEscape(h));
  const lines = [
    `\\begin{tabular}{${cols}}`,
    "\\toprule",
    header.join(" & ") + " \\\\",
    "\\midrule",
  ];
  for (const row of table.rows) {
    const cells = table.axes.map((a) => {
      const v = row.config[a];
      return v === undefined ? "--" : typeof v === "number" ? `$${latexNumber(v)}$` : latexEscape(
        String(v),
      );
    });
    cells.push(String(row.seeds.length));
    for (const m of metrics) {
      const s = row.metrics[m];
      if (s === undefined || s.mean === null) cells.push("--");
      else if (s.std === null) cells.push(`$${latexNumber(s.mean)}$`);
      else cells.push(`$${latexNumber(s.mean)} \\pm ${latexNumber(s.std)}$`);
    }
    lines.push(cells.join(" & ") + " \\\\");
  }
  lines.push("\\bottomrule", "\\end{tabular}", "");
  return lines.join("\n");
}

/**
 * A run's per-epoch series as CSV; NTK and sharpness columns are filled at probe epochs and empty
 * elsewhere.
 */
export function seriesCsv(report: Report): string {
  const s = report.series;
  const ntk = new Map<number, number>();
  s.ntk?.epoch.forEach((e, i) => ntk.set(e, i));
  const hessian = new Map<number, number>();
  s.hessian?.epoch.forEach((e, i) => hessian.set(e, i));
  const header = ["epoch", "loss", "grad_norm_sq", "drift", "lr", "seconds"];
  if (s.accuracy !== undefined) header.push("accuracy");
  if (s.ntk !== undefined) header.push("ntk_lambda_min", "ntk_lambda_max", "ntk_kernel_shift");
  if (s.hessian !== undefined) header.push("sharpness", "sharpness_residual");
  const records = s.epoch.map((e, i) => {
    const row: (number | null | undefined)[] = [
      e,
      s.loss[i],
      s.gradNormSq[i],
      s.drift[i],
      s.lr[i],
      s.seconds[i],
    ];
    if (s.accuracy !== undefined) row.push(s.accuracy[i]);
    if (s.ntk !== undefined) {
      const j = ntk.get(e);
      row.push(
        j === undefined ? null : s.ntk.lambdaMin[j],
        j === undefined ? null : s.ntk.lambdaMax[j],
        j === undefined ? null : s.ntk.kernelShift[j],
      );
    }
    if (s.hessian !== undefined) {
      const j = hessian.get(e);
      row.push(
        j === undefined ? null : s.hessian.sharpness[j],
        j === undefined ? null : s.hessian.residual[j],
      );
    }
    return row;
  });
  return stringify(inertRecords([header, ...records]));
}
