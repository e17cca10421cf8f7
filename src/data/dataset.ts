/**
 * The in-memory dataset every trainer consumes: row-major float32 inputs and targets.
 */

/** Inputs `x` (n rows of prod(inputShape) values) and targets `y` (n rows of `outputs` values). */
export interface Dataset {
  x: Float32Array;
  y: Float32Array;
  n: number;
  inputShape: number[];
  outputs: number;
  /** Where the samples came from, one line for reports. */
  source: string;
}

/** Number of input values per sample. */
export function inputSize(ds: Dataset): number {
  return ds.inputShape.reduce((a, b) => a * b, 1);
}

/**
 * The first-come `m` of `n` samples at evenly spaced positions floor(i n / m), so a subset of a
 * class-grouped dataset keeps the class proportions. `m = 0` or `m = n` keeps everything.
 *
 * @example
 * const small = evenSubset(ds, 128); // small.n === 128
 */
export function evenSubset(ds: Dataset, m: number): Dataset {
  if (!Number.isInteger(m) || m < 0 || m > ds.n) {
    throw new RangeError(
      `Cannot take a subset of ${ds.n} samples: size must be an integer in 0..${ds.n} ` +
        `(0 = all), got ${m}`,
    );
  }
  if (m === 0 || m === ds.n) return ds;
  const d = inputSize(ds);
  const x = new Float32Array(m * d);
  const y = new Float32Array(m * ds.outputs);
  for (let i = 0; i < m; i++) {
    const j = Math.floor((i * ds.n) / m);
    x.set(ds.x.subarray(j * d, (j + 1) * d), i * d);
    y.set(ds.y.subarray(j * ds.outputs, (j + 1) * ds.outputs), i * ds.outputs);
  }
  return { ...ds, x, y, n: m, source: `${ds.source}, even subset of ${m}` };
}
