/**
 * Claims on the terminal: per sweep a heading, then per claim its verdict, id and statement on one
 * line and one line of evidence under it.
 */
import type { ClaimVerdict } from "./claim.ts";
import type { SweepClaims } from "./evaluate.ts";

const WIDTH = "inconclusive".length;

/** The verdict as printed: upper case, padded. */
export function verdictWord(v: ClaimVerdict): string {
  return v.toUpperCase().padEnd(WIDTH);
}

/** Counts of verdicts, e.g. "2 hold, 1 fails, 0 inconclusive". */
export function verdictCounts(sweep: SweepClaims): string {
  const n = (v: ClaimVerdict) => sweep.results.filter((r) => r.verdict === v).length;
  return `${n("holds")} hold, ${n("fails")} fail, ${n("inconclusive")} inconclusive`;
}

/** The lines printed for one sweep's claims (each ends with a newline). */
export function claimLines(sweep: SweepClaims): string {
  const lines = [
    `claims of ${sweep.suite} (sweep ${sweep.sweepId}, ${sweep.finished} of ${sweep.cells} ` +
    `cells with data): ${verdictCounts(sweep)}`,
    ...sweep.notes.map((n) => `  note: ${n}`),
  ];
  if (sweep.results.length === 0) lines.push("  (this suite states no claims)");
  for (const r of sweep.results) {
    lines.push(`  ${verdictWord(r.verdict)}  ${r.id}: ${r.statement}`);
    lines.push(`  ${" ".repeat(WIDTH)}    ${r.line}`);
  }
  return lines.join("\n") + "\n";
}
