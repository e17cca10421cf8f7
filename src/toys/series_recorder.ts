/**
 * Collects a toy's per-epoch scalars into the report's standard series (epoch 0 is the
 * initialisation, the last entry the final iterate; seconds are cumulative wall time).
 */
import type { Series } from "../report/schema.ts";

/** Appends one epoch's values; `finish` returns the series. */
export interface SeriesRecorder {
  record(epoch: number, loss: number, gradNormSq: number, drift: number, lr: number): void;
  finish(): Series;
}

/**
 * Starts a recorder; `now` (milliseconds) is injectable so the timing is testable.
 *
 * @example
 * ```ts
 * const rec = seriesRecorder();
 * rec.record(0, 1.0, 4.0, 0, 0.1);
 * rec.finish().loss; // [1]
 * ```
 */
export function seriesRecorder(now: () => number = () => performance.now()): SeriesRecorder {
  const start = now();
  const series: Series = { epoch: [], loss: [], gradNormSq: [], drift: [], lr: [], seconds: [] };
  return {
    record(epoch, loss, gradNormSq, drift, lr) {
      series.epoch.push(epoch);
      series.loss.push(loss);
      series.gradNormSq.push(gradNormSq);
      series.drift.push(drift);
      series.lr.push(lr);
      series.seconds.push((now() - start) / 1000);
    },
    finish: () => series,
  };
}

/** Index of the first non-finite loss in a series, or null when every value is finite. */
export function firstNonFinite(values: readonly number[]): number | null {
  const i = values.findIndex((v) => !Number.isFinite(v));
  return i < 0 ? null : i;
}
