/**
 * "The loss decays linearly / sublinearly": the decay-model verdict of each run (summary.decay,
 * src/analysis/decay_model.ts) must be the model the claim names. An `undetermined` verdict leaves
 * the run undecided (inconclusive), never holding; another model fails it; a diverged run fails.
 */
import type { Report } from "../../report/schema.ts";
import { type ClaimCheck, type Measured, num, type SweepCell, type Threshold } from "../claim.ts";
import { type CellJudgement, type CellRule, EVERY, perCell } from "../rules.ts";
import { decayAt, type DecayReading } from "../summary_values.ts";

/** Why the decay verdict is the threshold: the selection's own criteria. */
export const DECAY_SELECTION_WHY =
  "the run's decay-model selection (src/analysis/decay_model.ts): the best of geometric, power " +
  "and linear fits with the limit free, stated only when its decline spans >= minDecades decades " +
  "resolved above the noise, the curve keeps one regime, the fit misses by <= 1% of the " +
  "curve's semilog extent beyond the noise, and the runner-up misses by >= 3x as much and by >= 25 noise variances in all; " +
  "anything less is 'undetermined'";

/** Options of `decayModelCheck`. */
export interface DecayCheckOptions {
  model: "geometric" | "power";
  rule?: CellRule;
  select?: (cell: SweepCell) => boolean;
  what?: string;
  /** A further per-run condition on a run whose model matched (e.g. the power law's exponent). */
  also?: (report: Report, decay: DecayReading) => CellJudgement | null;
  thresholds?: Threshold[];
  /**
   * "late": where the run changes regime, judge its late phase (from the change to the end) by
   * the same standard, for claims about how a run ends (local convergence near a minimum);
   * "whole" (default): the post-transient run as one, a change leaving it undetermined.
   */
  phase?: "whole" | "late";
}

/** The decay reading of a run as measured values. */
export function decayMeasured(report: Report, label: string, d: DecayReading): Measured[] {
  const runs = [report.id];
  return [
    { what: "decay model", value: d.model, at: label, runs },
    { what: "contraction rho per epoch", value: d.rho, at: label, runs },
    { what: "gap decades over the fit", value: d.gapDecades, at: label, runs },
    { what: "runner-up's misfit over the best's", value: d.separation, at: label, runs },
  ];
}

function describe(d: DecayReading): string {
  if (d.model === "undetermined") return `undetermined (${d.reason ?? "no reason"})`;
  if (d.model === "geometric") {
    return `geometric, rho ${num(d.rho)} over ${num(d.gapDecades)} decades`;
  }
  return d.model === "power" ? `power law, p ${num(d.powerP)}` : d.model;
}

/** Judges one run's decay verdict against `model`. */
export function judgeDecay(
  report: Report,
  cell: SweepCell,
  options: DecayCheckOptions,
): CellJudgement {
  if (report.status === "diverged") {
    return {
      verdict: "fails",
      measured: [{
        what: "diverged at epoch",
        value: report.divergedAt,
        at: cell.label,
        runs: [report.id],
      }],
      note: `diverged at epoch ${report.divergedAt}`,
    };
  }
  const whole = decayAt(report);
  if (whole === null) {
    return { verdict: "inconclusive", measured: [], note: "no decay verdict in the report" };
  }
  const late = options.phase === "late" ? whole.change?.late ?? null : null;
  const d = late ?? whole;
  const measured = decayMeasured(report, cell.label, d);
  if (late !== null) {
    measured.unshift({
      what: "late phase from epoch",
      value: whole.change!.epoch,
      at: cell.label,
      runs: [report.id],
    });
  }
  const phase = late === null
    ? ""
    : ` from epoch ${whole.change!.epoch} (after a ${whole.change!.before} phase)`;
  const describeD = (x: DecayReading) => `${describe(x)}${phase}`;
  if (d.model === "undetermined") {
    return { verdict: "inconclusive", measured, note: describeD(d) };
  }
  if (d.model !== options.model) return { verdict: "fails", measured, note: describeD(d) };
  const more = options.also?.(report, d) ?? null;
  if (more === null) return { verdict: "holds", measured, note: describeD(d) };
  return {
    verdict: more.verdict,
    measured: [...measured, ...more.measured],
    note: `${describeD(d)}, ${more.note}`,
  };
}

/** A claim that every selected run's loss decays as `model`. */
export function decayModelCheck(options: DecayCheckOptions): ClaimCheck {
  return (input) =>
    perCell(input, {
      rule: options.rule ?? EVERY,
      select: options.select,
      what: options.what,
      thresholds: [
        { what: "decay model", value: options.model, why: DECAY_SELECTION_WHY },
        ...(options.thresholds ?? []),
      ],
      judge: (report, cell) => judgeDecay(report, cell, options),
    });
}
