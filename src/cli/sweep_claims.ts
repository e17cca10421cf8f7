/**
 * The end of `deno task sweep`: the suite's claims judged on every report of the sweep found in
 * its output folders (this shard's and any earlier runs'), one verdict and one line of evidence each.
 */
import type { Suite } from "../suite/suite.ts";
import { evaluateSweep } from "../claims/evaluate.ts";
import { claimLines } from "../claims/format.ts";
import type { Report } from "../report/schema.ts";
import type { Plan } from "../sweep/plan.ts";

/**
 * The claim lines for `plan` from `reports` (by id), or null when no cell of the plan has a
 * report or the suite states no claims. A shard of several says that the other shards' cells are missing here.
 */
export function sweepClaimText(
  suite: Suite,
  plan: Plan,
  reports: Map<string, Report>,
  shard: { index: number; count: number },
): string | null {
  const found = plan.cells.flatMap((c) => reports.get(c.id) ?? []);
  if (found.length === 0 || suite.expectations.length === 0) return null;
  const text = claimLines(evaluateSweep(suite, found));
  if (shard.count <= 1) return text;
  return text +
    `  (shard ${shard.index} of ${shard.count}: judge the whole sweep with ` +
    `deno task claims --out DIR ... over every shard's folder)\n`;
}
