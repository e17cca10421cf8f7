/**
 * How plbench writes a number for people, everywhere it shows one (terminal tables, evidence lines,
 * notes, pages): a few significant digits, whole numbers as they are, scientific notation where
 * fixed notation would hide the digits, and one placeholder for a number that is missing.
 */

/** What stands where a number is missing (null, undefined, NaN or infinite). */
export const MISSING = "–";

/**
 * `value` in 4 significant digits: whole numbers below 1e7 as they are, fixed notation from 1e-3
 * to 1e5, scientific notation outside it (`1.235e-5`, `1.235e+7`), MISSING for anything that is
 * not a finite number.
 *
 * @example formatNumber(0.012345678) // "0.01235"
 * @example formatNumber(150145) // "150145"
 * @example formatNumber(1.23456e-5) // "1.235e-5"
 * @example formatNumber(null) // "–"
 */
export function formatNumber(value: unknown): string {
  return formatDigits(value, 4);
}

/**
 * `value` as `formatNumber` writes it, in `digits` significant digits.
 *
 * @example formatDigits(0.98765432, 5) // "0.98765"
 */
export function formatDigits(value: unknown, digits: number): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return MISSING;
  if (value === 0) return "0";
  if (Number.isInteger(value) && Math.abs(value) < 1e7) return String(value);
  const a = Math.abs(value);
  if (a >= 1e-3 && a < 1e5) return String(Number(value.toPrecision(digits)));
  return value.toExponential(digits - 1);
}
