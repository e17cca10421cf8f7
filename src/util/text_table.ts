/**
 * Plain-text tables for the terminal: numbers in four significant digits and rows aligned in
 * columns (the sweep's table of runs, the nightly verdicts, the suites' own tables).
 */

/**
 * A number in 4 significant digits (scientific below 1e-3 and from 1e5), `-` for null, a
 * non-finite number or anything else.
 *
 * @example formatNumber(0.012345678) // "0.01235"
 */
export function formatNumber(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return "-";
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) {
    return value.toExponential(3);
  }
  return String(Number(value.toPrecision(4)));
}

/**
 * Rows as text lines, every column padded to its widest cell, two spaces apart, no trailing blanks.
 *
 * @example alignRows([["run", "width"], ["a", "1024"]]) // ["run  width", "a    1024"]
 */
export function alignRows(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd());
}
