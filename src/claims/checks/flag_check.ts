/**
 * Claims a run measures itself against a closed form: each selected run's summary flags (e.g. the
 * logistic run's `boundHolds`, the semilocal run's `inGdBall`) must all be true. A false flag fails
 * the run, a missing one leaves it undecided.
 */
import { type ClaimCheck, type SweepCell, type Threshold } from "../claim.ts";
import { type CellRule, EVERY, perCell } from "../rules.ts";
import { flagAt, numberAt } from "../summary_values.ts";

/** One flag and what it says when true. */
export interface Flag {
  key: string;
  says: string;
}

/** Options of `flagCheck`. */
export interface FlagOptions {
  flags: Flag[];
  /** Numbers shown beside the flags in the evidence (summary keys). */
  show?: string[];
  select?: (cell: SweepCell) => boolean;
  what?: string;
  rule?: CellRule;
  thresholds: Threshold[];
}

/** A claim that every selected run sets all `flags`. */
export function flagCheck(options: FlagOptions): ClaimCheck {
  return (input) =>
    perCell(input, {
      rule: options.rule ?? EVERY,
      select: options.select,
      what: options.what,
      thresholds: options.thresholds,
      judge: (report, cell) => {
        const runs = [report.id];
        const at = cell.label;
        const values = options.flags.map((f) => ({ f, v: flagAt(report, f.key) }));
        const measured = [
          ...values.map(({ f, v }) => ({ what: f.key, value: v, at, runs })),
          ...(options.show ?? []).map((k) => ({ what: k, value: numberAt(report, k), at, runs })),
        ];
        const off = values.filter(({ v }) => v === false).map(({ f }) => `not ${f.says}`);
        const unknown = values.filter(({ v }) => v === null).map(({ f }) => `${f.key} missing`);
        if (off.length > 0) return { verdict: "fails", measured, note: off.join(", ") };
        if (unknown.length > 0) {
          return { verdict: "inconclusive", measured, note: unknown.join(", ") };
        }
        return {
          verdict: "holds",
          measured,
          note: options.flags.map((f) => f.says).join(", "),
        };
      },
    });
}
