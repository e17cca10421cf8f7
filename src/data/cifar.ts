/**
 * Reader for the official CIFAR-10 binary format: each record is one label byte (0-9) followed by
 * 3072 pixel bytes, channel-major (1024 red, 1024 green, 1024 blue, each 32 x 32 row-major).
 * The reader keeps the records of the selected classes and returns pixels in [0, 1], NHWC.
 */

/** Bytes per CIFAR-10 record: 1 label byte + 3 x 32 x 32 pixel bytes. */
export const CIFAR_RECORD_BYTES = 3073;
/** Side of a CIFAR-10 image in pixels. */
export const CIFAR_SIDE = 32;
/** The five training files of the binary version, in order. */
export const CIFAR_TRAIN_FILES = [
  "data_batch_1.bin",
  "data_batch_2.bin",
  "data_batch_3.bin",
  "data_batch_4.bin",
  "data_batch_5.bin",
] as const;
/** The test file of the binary version. */
export const CIFAR_TEST_FILE = "test_batch.bin";

/** Images with integer class labels, pixels in [0, 1], NHWC row-major. */
export interface ImageSet {
  /** n * height * width * channels pixel values in [0, 1]. */
  x: Float32Array;
  /** Class of each image as a position in the selected class list (0 .. classes - 1). */
  labels: Uint8Array;
  n: number;
  height: number;
  width: number;
  channels: number;
  classes: number;
  /** Where the images came from, one line for reports. */
  source: string;
}

/**
 * Checks a class selection: distinct integers in 0..9, at least two.
 *
 * @example
 * checkClasses([0, 1, 2, 3, 4]); // ok
 */
export function checkClasses(classes: readonly number[]): void {
  const bad = classes.find((c) => !Number.isInteger(c) || c < 0 || c > 9);
  if (bad !== undefined) {
    throw new RangeError(`Invalid class selection: classes must be integers in 0..9, got ${bad}`);
  }
  if (new Set(classes).size !== classes.length || classes.length < 2) {
    throw new RangeError(
      `Invalid class selection: need at least two distinct classes, got [${classes.join(", ")}]`,
    );
  }
}

/**
 * Parses a class list such as "0,1,2,3,4" into numbers, refusing anything else.
 *
 * @example
 * parseClassList("3,5"); // [3, 5]
 */
export function parseClassList(text: string): number[] {
  if (!/^\d(,\d)*$/.test(text)) {
    throw new RangeError(
      `Invalid class list: expected comma-separated digits such as "0,1,2,3,4", got "${text}"`,
    );
  }
  const classes = text.split(",").map(Number);
  checkClasses(classes);
  return classes;
}

/**
 * Decodes the records of one CIFAR-10 binary file, keeping those whose label is in `classes`
 * (relabelled by position in `classes`). `file` names the source in error messages.
 */
export function parseCifarRecords(
  bytes: Uint8Array,
  file: string,
  classes: readonly number[],
): { x: Float32Array; labels: Uint8Array } {
  checkClasses(classes);
  if (bytes.length === 0 || bytes.length % CIFAR_RECORD_BYTES !== 0) {
    throw new RangeError(
      `Invalid CIFAR-10 file ${file}: size must be a positive multiple of ${CIFAR_RECORD_BYTES} ` +
        `bytes (1 label + 3072 pixels per record), got ${bytes.length}`,
    );
  }
  const records = bytes.length / CIFAR_RECORD_BYTES;
  const position = new Int8Array(10).fill(-1);
  classes.forEach((c, i) => position[c] = i);
  const keep: number[] = [];
  for (let r = 0; r < records; r++) {
    const label = bytes[r * CIFAR_RECORD_BYTES]!;
    if (label > 9) {
      throw new RangeError(
        `Invalid CIFAR-10 file ${file}: record ${r} has label ${label}, expected 0..9`,
      );
    }
    if (position[label]! >= 0) keep.push(r);
  }
  const plane = CIFAR_SIDE * CIFAR_SIDE;
  const x = new Float32Array(keep.length * plane * 3);
  const labels = new Uint8Array(keep.length);
  keep.forEach((r, i) => {
    const start = r * CIFAR_RECORD_BYTES;
    labels[i] = position[bytes[start]!]!;
    for (let p = 0; p < plane; p++) {
      for (let ch = 0; ch < 3; ch++) {
        x[(i * plane + p) * 3 + ch] = bytes[start + 1 + ch * plane + p]! / 255;
      }
    }
  });
  return { x, labels };
}

function cifarPath(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, "")}/${name}`;
}

function cifarFileError(path: string, e: unknown): Error {
  if (e instanceof Deno.errors.NotFound) {
    return new Error(
      `Cannot read CIFAR-10: missing file ${path} (expected the official binary version: ` +
        `${CIFAR_TRAIN_FILES.join(", ")}, ${CIFAR_TEST_FILE})`,
    );
  }
  return new Error(`Cannot read CIFAR-10 file ${path}: ${(e as Error).message}`);
}

/** Throws naming the file when `dir` lacks one of the five CIFAR-10 training batches. */
export async function checkCifarDir(dir: string): Promise<void> {
  for (const name of CIFAR_TRAIN_FILES) {
    const path = cifarPath(dir, name);
    try {
      if (!(await Deno.stat(path)).isFile) throw new Error("not a file");
    } catch (e) {
      throw cifarFileError(path, e);
    }
  }
}

/**
 * Reads the training (data_batch_1..5.bin) or test (test_batch.bin) split from `dir`, keeping
 * `classes` (relabelled 0 .. classes.length - 1, in file order). Throws naming a missing file.
 */
export async function readCifar(
  dir: string,
  split: "train" | "test",
  classes: readonly number[],
): Promise<ImageSet> {
  checkClasses(classes);
  const files = split === "train" ? [...CIFAR_TRAIN_FILES] : [CIFAR_TEST_FILE];
  const parts: { x: Float32Array; labels: Uint8Array }[] = [];
  for (const name of files) {
    const path = cifarPath(dir, name);
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(path);
    } catch (e) {
      throw cifarFileError(path, e);
    }
    parts.push(parseCifarRecords(bytes, path, classes));
  }
  const n = parts.reduce((s, p) => s + p.labels.length, 0);
  const x = new Float32Array(n * CIFAR_SIDE * CIFAR_SIDE * 3);
  const labels = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    x.set(p.x, at * CIFAR_SIDE * CIFAR_SIDE * 3);
    labels.set(p.labels, at);
    at += p.labels.length;
  }
  return {
    x,
    labels,
    n,
    height: CIFAR_SIDE,
    width: CIFAR_SIDE,
    channels: 3,
    classes: classes.length,
    source: `CIFAR-10 ${split} classes ${classes.join(",")} from ${dir}`,
  };
}
