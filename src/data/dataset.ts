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
