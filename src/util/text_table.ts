/**
 * Plain-text tables for the terminal: rows aligned in columns (the sweep's table of runs, the
 * nightly verdicts, the suites' own tables); numbers in them come from number_format.ts.
 */

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
