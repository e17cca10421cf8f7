/**
 * The notes of a night: what keeps it from being compared like for like with its baseline, and
 * how much of it reproduced when every cell ran twice.
 */
import type { Baseline, Calibration } from "./baseline.ts";

/** Differences between the configs of the night's points and the baseline's, as notes. */
export function configNotes(observed: Baseline, baseline: Baseline): string[] {
  const notes: string[] = [];
  for (const [key, point] of Object.entries(observed.points)) {
    const base = baseline.points[key];
    if (base === undefined) continue;
    const keys = new Set([...Object.keys(point.config), ...Object.keys(base.config)]);
    const diffs = [...keys].filter((k) => point.config[k] !== base.config[k])
      .map((k) => `${k} ${base.config[k] ?? "(unset)"} -> ${point.config[k] ?? "(unset)"}`);
    if (diffs.length > 0) {
      notes.push(`config of ${key} differs from the baseline: ${diffs.join(", ")}`);
    }
  }
  return notes;
}

/** One line on the measured rerun noise: how many metrics reproduced exactly. */
export function rerunSummary(observed: Baseline): string {
  let exact = 0;
  const noisy: string[] = [];
  for (const point of Object.values(observed.points)) {
    for (const [name, m] of Object.entries(point.metrics)) {
      if (m.rerun === undefined) continue;
      if (m.rerun === 0) exact++;
      else noisy.push(name);
    }
  }
  const names = [...new Set(noisy)].sort();
  return `rerun noise: ${exact} metric values reproduced exactly, ${noisy.length} did not` +
    (names.length > 0 ? ` (${names.join(", ")})` : "");
}

/** Notes on what keeps the night from being compared like for like with its baseline. */
export function baselineNotes(
  observed: Baseline,
  baseline: Baseline,
  calibration: Calibration,
  backend: string,
): string[] {
  const notes = configNotes(observed, baseline);
  if (baseline.calibration.name !== calibration.name) {
    notes.push(
      `calibration ${calibration.name} differs from the baseline's ` +
        `${baseline.calibration.name}: speed not compared`,
    );
  }
  if (baseline.env.backend !== backend) {
    notes.push(`backend ${backend} differs from the baseline's ${baseline.env.backend}`);
  }
  return notes;
}
