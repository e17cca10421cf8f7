/**
 * CSV cells that a spreadsheet cannot run: a text cell starting with `=`, `+`, `-`, `@`, a tab or
 * a carriage return is a formula (or becomes one) in Excel, LibreOffice and Google Sheets, so it is
 * prefixed with a single quote, which they show as text. Numbers are never touched (-0.5 stays the
 * number -0.5). Applied to every record before serialisation, whichever CSV writer serialises it.
 */

/** A cell value of an exported CSV. */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The cell as it may go into a CSV file: text that a spreadsheet would run as a formula gets a
 * leading `'`; numbers, booleans and empty cells are returned unchanged.
 *
 * @example inertCell("=HYPERLINK(\"http://x\")") // "'=HYPERLINK(\"http://x\")"
 * @example inertCell(-0.5) // -0.5
 */
export function inertCell(value: CsvCell): CsvCell {
  return typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value;
}

/** Every cell of every record through `inertCell`. */
export function inertRecords(records: readonly (readonly CsvCell[])[]): CsvCell[][] {
  return records.map((record) => record.map(inertCell));
}
