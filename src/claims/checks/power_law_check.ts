/**
 * "Y shrinks like x^p across the grid": least squares of ln Y on ln x over the selected runs (seeds
 * pooled), and the fitted exponent must fall in a stated interval. Needs three distinct values of
 * the axis (two points fit any power law); a selected cell without a report, or a run without a
 * positive value, leaves the claim inconclusive.
 */
import type { RunConfig } from "../../config/run_config.ts";
import type { Report } from "../../report/schema.ts";
import { fitLine } from "../../analysis/line_fit.ts";
import { type ClaimCheck, type Measured, num, type SweepCell, type Threshold } from "../claim.ts";
import { missingLabel, usable } from "../rules.ts";

/** Fewest distinct axis values a power-law fit is judged on. */
export const POWER_LAW_MIN_VALUES = 3;

/** Options of `powerLawCheck`. */
export interface PowerLawOptions {
  axis: string;
  /** The abscissa of a cell (default: its numeric config value of `axis`). */
  x?: (config: RunConfig) => number;
  /** The quantity fitted, e.g. "final drift". */
  label: string;
  value: (report: Report) => number | null;
  /** Accepted exponents, inclusive (either end may be infinite). */
  range: [number, number];
  why: string;
  select?: (cell: SweepCell) => boolean;
  what?: string;
}

function rangeText([lo, hi]: [number, number]): string {
  if (!Number.isFinite(lo)) return `<= ${hi}`;
  if (!Number.isFinite(hi)) return `>= ${lo}`;
  return `in [${lo}, ${hi}]`;
}

/** A claim on the exponent of a power law fitted across a grid axis. */
export function powerLawCheck(options: PowerLawOptions): ClaimCheck {
  const threshold: Threshold = {
    what: `exponent of ${options.label} against ${options.axis}`,
    value: rangeText(options.range),
    why: options.why,
  };
  const rule = `one least-squares fit of ln(${options.label}) on ln(${options.axis}) over every ` +
    `selected run (seeds pooled), at least ${POWER_LAW_MIN_VALUES} values of ${options.axis}`;
  return (input) => {
    const base = { thresholds: [threshold], rule };
    const cells = input.cells.filter(options.select ?? (() => true));
    const missing = cells.filter((c) => usable(c) === null).map(missingLabel);
    const xOf = options.x ?? ((config: RunConfig) => Number(config[options.axis]));
    const values = new Set(cells.map((c) => xOf(c.config)));
    if (values.size < POWER_LAW_MIN_VALUES) {
      const need = `at least ${POWER_LAW_MIN_VALUES} values of ${options.axis}` +
        (options.what === undefined ? "" : ` among the ${options.what}`) +
        ` (the sweep has ${
          values.size === 0 ? "none" : `only ${options.axis} = ${[...values].join(", ")}`
        })`;
      return {
        ...base,
        verdict: "inconclusive",
        line: `needs ${need}`,
        measured: [],
        missing: [need],
      };
    }
    if (missing.length > 0) {
      return {
        ...base,
        verdict: "inconclusive",
        line: `${missing.length} cells without a report: ${missing.join(", ")}`,
        measured: [],
        missing,
      };
    }
    const measured: Measured[] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    for (const c of cells) {
      const r = usable(c)!;
      const y = options.value(r);
      measured.push({ what: options.label, value: y, at: c.label, runs: [r.id] });
      if (y === null || !(y > 0)) {
        return {
          ...base,
          verdict: "inconclusive",
          line: `${c.label}: ${options.label} is ${y === null ? "missing" : num(y)}, not positive`,
          measured,
          missing: [],
        };
      }
      xs.push(Math.log(xOf(c.config)));
      ys.push(Math.log(y));
    }
    const fit = fitLine(xs, ys);
    const [lo, hi] = options.range;
    const inside = fit.slope >= lo && fit.slope <= hi;
    const runs = measured.flatMap((m) => m.runs);
    measured.push({ what: "fitted exponent", value: fit.slope, at: "all runs", runs });
    measured.push({ what: "R^2 of the fit", value: fit.r2, at: "all runs", runs });
    return {
      ...base,
      verdict: inside ? "holds" : "fails",
      line: `${options.label} ~ ${options.axis}^${num(fit.slope)} (R^2 ${num(fit.r2)}, ` +
        `${fit.n} runs), ${inside ? "" : "not "}${rangeText(options.range)}`,
      measured,
      missing: [],
    };
  };
}
