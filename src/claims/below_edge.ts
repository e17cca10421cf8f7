/**
 * Which cells a claim about the local regime judges: those run at a step below their edge of
 * stability (summary.etaOverEtaMax < 1). Cells above it have left the local regime (the boundary
 * case of paper 004, Section 6.2) and are named, not judged; cells without eta / eta_max (NTK
 * probes off) and without a usable report are missing.
 */
import type { Report } from "../report/schema.ts";
import { type ClaimInput, num, type SweepCell, type Threshold } from "./claim.ts";
import type { Evidence } from "./comparison.ts";
import { missingLabel, usable } from "./rules.ts";
import { numberAt } from "./summary_values.ts";

/** The edge-of-stability rule with its reason, as every claim that applies it states it. */
export const EDGE_THRESHOLD: Threshold = {
  what: "eta / eta_max of a cell judged",
  value: "< 1",
  why: "the paper reads the local regime at a step below the edge of stability 2 (1 + beta) n / " +
    "lambda_max(K_0), the step condition of Theorem 5.7; a cell above it has left the local " +
    "regime (the boundary case of Section 6.2) and is named, not judged",
};

/** A cell judged, with its report. */
export interface JudgedCell {
  cell: SweepCell;
  report: Report;
}

/**
 * The usable cells with a step below their edge of stability; those above it are noted on `ev`
 * (with their eta / eta_max), those without one or without a report are returned as missing.
 */
export function belowEdge(
  input: ClaimInput,
  ev: Evidence,
): { judged: JudgedCell[]; missing: string[] } {
  const judged: JudgedCell[] = [];
  const missing: string[] = [];
  const above: string[] = [];
  for (const cell of input.cells) {
    const r = usable(cell);
    if (r === null) {
      missing.push(missingLabel(cell));
      continue;
    }
    const eta = ev.value("eta / eta_max", numberAt(r, "etaOverEtaMax"), cell.label, [r.id]);
    if (eta === null) missing.push(`${cell.label} (no eta / eta_max: NTK probes off)`);
    else if (eta >= 1) above.push(`${cell.label} (${num(eta)})`);
    else judged.push({ cell, report: r });
  }
  if (above.length > 0) ev.note(`left out above the edge: ${above.join(", ")}`);
  return { judged, missing };
}
