/**
 * What two runs of one cell must agree on: the report without its wall-clock fields (start and
 * finish times, the `seconds` series, every summary field of seconds: secondsPerEpoch,
 * probeSeconds, hessianSeconds), and without the notes
 * that only say how this run went (its wall time, where it started from, its peak memory). A run
 * resumed from a checkpoint or extended from a shorter run's final state is compared with an
 * uninterrupted run through it, bit for bit otherwise.
 */
import type { Report } from "../report/schema.ts";

/** Notes about how a run went rather than what it computed. */
const RUN_NOTES = [/^training .* s wall/, /^resumed at epoch /, /^extended from /, /^memory: /];

/** The notes that say what a run computed. */
export function computedNotes(notes: readonly string[]): string[] {
  return notes.filter((n) => !RUN_NOTES.some((re) => re.test(n)));
}

/** A report without what legitimately differs between two runs of its cell. */
export function comparableReport(r: Report) {
  const { seconds: _s, ...series } = r.series;
  const summary = Object.fromEntries(
    Object.entries(r.summary).filter(([key]) => !/seconds/i.test(key)),
  );
  const { startedAt: _a, finishedAt: _f, notes, ...rest } = r;
  return { ...rest, series, summary, notes: computedNotes(notes) };
}
