/**
 * Building blocks of claims that compare named groups of cells (the moderate widths against the
 * boundary width, one parametrization against the other): pick a group, require its reports, read
 * a value per run, and collect the comparisons into one judgement.
 */
import type { Report } from "../report/schema.ts";
import type {
  ClaimInput,
  ClaimVerdict,
  Judgement,
  Measured,
  SweepCell,
  Threshold,
} from "./claim.ts";
import { missingLabel, usable } from "./rules.ts";

/** A named group of cells and its usable reports. */
export interface Group {
  name: string;
  cells: SweepCell[];
  reports: Report[];
  /** Labels of the group's cells without a usable report (or the group itself when it is empty). */
  missing: string[];
}

/** The cells matching `predicate`; an empty group is missing as a whole, by `name`. */
export function pick(input: ClaimInput, name: string, predicate: (c: SweepCell) => boolean): Group {
  const cells = input.cells.filter(predicate);
  const missing = cells.length === 0
    ? [`${name} (no such cell in the sweep)`]
    : cells.filter((c) => usable(c) === null).map(missingLabel);
  return {
    name,
    cells,
    reports: cells.map(usable).filter((r): r is Report => r !== null),
    missing,
  };
}

/** One comparison of a claim: its outcome (null when a value is missing) and its words. */
export interface Comparison {
  ok: boolean | null;
  text: string;
}

/** Collects comparisons into a judgement: holds when all hold, fails when one fails. */
export class Evidence {
  readonly measured: Measured[] = [];
  readonly comparisons: Comparison[] = [];
  readonly notes: string[] = [];

  /** Records `value` of `what` at `at` from `runs`; returns the value. */
  value<T extends number | string | boolean | null>(
    what: string,
    value: T,
    at: string,
    runs: string[],
  ): T {
    this.measured.push({ what, value, at, runs });
    return value;
  }

  /** Records `value(report)` for each report of `group`; returns the values (null where missing). */
  values(group: Group, what: string, value: (r: Report) => number | null): (number | null)[] {
    return group.cells.flatMap((c) => {
      const r = usable(c);
      return r === null ? [] : [this.value(what, value(r), c.label, [r.id])];
    });
  }

  /** Adds a comparison: `ok` null means a value it needs is missing. */
  compare(ok: boolean | null, text: string): void {
    this.comparisons.push({ ok, text });
  }

  /** Adds words to the evidence line that are not a comparison (e.g. which cells were left out). */
  note(text: string): void {
    this.notes.push(text);
  }

  /**
   * The judgement: fails when a comparison fails (whatever else is missing); otherwise
   * inconclusive while `missing` is not empty or a comparison lacks its values; else holds.
   */
  judge(missing: string[], thresholds: Threshold[], rule: string): Judgement {
    const base = { measured: this.measured, thresholds, rule, missing };
    const fails = this.comparisons.filter((c) => c.ok === false);
    const rest = this.comparisons.filter((c) => c.ok !== false);
    const open = missing.length > 0 || rest.some((c) => c.ok === null) ||
      this.comparisons.length === 0;
    const verdict: ClaimVerdict = fails.length > 0 ? "fails" : open ? "inconclusive" : "holds";
    const texts = [
      ...fails.map((c) => `NOT ${c.text}`),
      ...rest.map((c) => c.text),
      ...this.notes,
      ...(missing.length > 0 ? [`missing ${missing.join(", ")}`] : []),
    ];
    return { ...base, verdict, line: texts.join("; ") };
  }
}

/** The largest of `xs`, null when one is null or there are none. */
export function maxOf(xs: readonly (number | null)[]): number | null {
  if (xs.length === 0 || xs.some((x) => x === null)) return null;
  return Math.max(...(xs as number[]));
}

/** The smallest of `xs`, null when one is null or there are none. */
export function minOf(xs: readonly (number | null)[]): number | null {
  if (xs.length === 0 || xs.some((x) => x === null)) return null;
  return Math.min(...(xs as number[]));
}

/** True/false of `test` on two values, null when either is missing. */
export function both(
  a: number | null,
  b: number | null,
  test: (a: number, b: number) => boolean,
): boolean | null {
  return a === null || b === null ? null : test(a, b);
}
