/**
 * Sizes in bytes as people read and write them: `1.5 GiB`, `512M`.
 */

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/**
 * Bytes in binary units with three significant digits.
 *
 * @example formatBytes(3.7 * 2 ** 30) // "3.70 GiB"
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

const SUFFIX: Record<string, number> = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/**
 * Parses a size: a whole number of bytes, or a number with a binary suffix K, M, G or T (an
 * optional `i`/`iB`/`B` after it); throws RangeError naming the text otherwise.
 *
 * @example parseBytes("1.5G") // 1610612736
 */
export function parseBytes(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const factor = m === null ? undefined : SUFFIX[m[2]!.toLowerCase()];
  if (m === null || factor === undefined) {
    throw new RangeError(`Invalid size '${text}': expected bytes or a number with K, M, G or T`);
  }
  return Math.round(Number(m[1]) * factor);
}
