/**
 * Whether a finished report still stands for its cell as far as the NTK probes go: it must have
 * probed the inputs its cell draws now (src/ntk/probe_subset.ts), which a resumed sweep and
 * `deno task claims` check before they reuse it. Reports written before the subset was fixed by
 * the data drew it from their sweep's id and carry no record, so they do not stand.
 */
import type { RunConfig } from "../config/run_config.ts";
import type { Report } from "../report/schema.ts";
import { describeProbe, type ProbeDraw, sameProbeSubset } from "../ntk/probe_subset.ts";

/** The probe subset a suite's cell draws on n training samples (`Suite.probeSubset`). */
export type ProbeSubsetOf = (config: RunConfig, n: number) => ProbeDraw | null;

/**
 * Why `report` cannot stand for its cell's probes, in one line, or null when it can: its record
 * (`report.probe`) must equal the subset `probeSubsetOf` draws for its config on its `trainSize`.
 * A suite without probes (`probeSubsetOf` undefined) and a report without a training-set size
 * are never refused.
 *
 * @example
 * staleProbe(report, suite.probeSubset); // "probed on other inputs (seed 3, ...) than ..."
 */
export function staleProbe(report: Report, probeSubsetOf?: ProbeSubsetOf): string | null {
  if (probeSubsetOf === undefined || report.trainSize === null) return null;
  const expected = probeSubsetOf(report.config, report.trainSize)?.record ?? null;
  const recorded = report.probe ?? null;
  if (expected === null) {
    return recorded === null
      ? null
      : `its report records NTK probes (${describeProbe(recorded)}) where this cell probes none`;
  }
  if (recorded === null) {
    return `its report records no NTK probe subset (written when the subset came from the ` +
      `sweep's id); this cell probes ${describeProbe(expected)}`;
  }
  if (sameProbeSubset(expected, recorded)) return null;
  return `its report probed other inputs (${describeProbe(recorded)}) than this cell draws ` +
    `(${describeProbe(expected)})`;
}
