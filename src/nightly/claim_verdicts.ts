/**
 * Claims in the nightly: each entry of the set whose cells all ran in this shard has its suite's
 * claims judged on the night's reports; the verdicts are recorded with the night's observations
 * (and so in a baseline recorded from them), and a claim whose verdict differs from the baseline's
 * is a regression, whichever way it changed. Verdict rows carry the verdict as a code (metric
 * `claim:<id>`, at the entry's point) so the tables show it by name.
 */
import type { ClaimVerdict } from "../claims/claim.ts";
import { type ClaimSuite, evaluateSweep } from "../claims/evaluate.ts";
import type { Report } from "../report/schema.ts";
import type { ClaimRecord } from "./baseline.ts";
import type { Verdict } from "./compare.ts";
import type { NightlyPlan } from "./nightly_set.ts";
import { pointKey } from "../sweep/grid_point.ts";
import { CLAIM_VERDICT_CODES } from "./metrics.ts";

/** Codes of claim verdicts in `claim:<id>` verdict rows. */
export const CLAIM_CODES = CLAIM_VERDICT_CODES as Readonly<Record<ClaimVerdict, number>>;

/** The metric name of a claim's verdict row. */
export function claimMetric(id: string): string {
  return `claim:${id}`;
}

/** The key of a claim in a baseline's `claims`: entry and claim id. */
export function claimKey(entry: string, id: string): string {
  return `${entry}/${id}`;
}

/**
 * The claims of every plan whose cells are all in `ran` (ids of this shard's cells), judged on
 * `reports`; the names of the entries left out (split across shards) in `skipped`.
 */
export function nightClaims(
  plans: readonly NightlyPlan[],
  suites: readonly ClaimSuite[],
  reports: readonly Report[],
  ran: ReadonlySet<string>,
): { claims: Record<string, ClaimRecord>; skipped: string[] } {
  const claims: Record<string, ClaimRecord> = {};
  const skipped: string[] = [];
  for (const np of plans) {
    const suite = suites.find((s) => s.name === np.entry.suite);
    if (suite === undefined || suite.expectations.length === 0) continue;
    if (!np.plan.cells.every((c) => ran.has(c.id))) {
      skipped.push(np.entry.name);
      continue;
    }
    const ids = new Set(np.plan.cells.map((c) => c.id));
    const own = reports.filter((r) => ids.has(r.id));
    if (own.length === 0) continue;
    const axes = Object.keys(np.plan.axes).filter((k) => k !== "seed");
    const label = (r: Report) =>
      axes.length === 0
        ? String(r.config.seed)
        : `${r.config.seed} (${axes.map((k) => `${k}=${r.config[k]}`).join(" ")})`;
    const byId = new Map(own.map((r) => [r.id, r]));
    for (const r of evaluateSweep(suite, own).results) {
      claims[claimKey(np.entry.name, r.id)] = {
        suite: suite.name,
        entry: np.entry.name,
        claim: r.id,
        verdict: r.verdict,
        line: r.line,
        runs: Object.fromEntries(r.runs.flatMap((id) => {
          const report = byId.get(id);
          return report === undefined ? [] : [[label(report), id]];
        })),
      };
    }
  }
  return { claims, skipped };
}

/** Notes for the claims whose verdict differs between a night's run and its rerun. */
export function rerunClaimNotes(
  first: Record<string, ClaimRecord>,
  again: Record<string, ClaimRecord>,
): string[] {
  return Object.entries(first).flatMap(([key, c]) => {
    const other = again[key];
    return other === undefined || other.verdict === c.verdict
      ? []
      : [`claim ${key} ${c.verdict} on the first run, ${other.verdict} on the rerun`];
  });
}

/**
 * One verdict row per claim judged this night: pass when its verdict equals the baseline's,
 * regressed when it changed (either way), new when the baseline has none for it. A baseline claim
 * of an entry judged tonight that the suite no longer states (removed or renamed) is regressed
 * too, so a claim cannot leave the nightly unnoticed; entries not judged tonight are left alone.
 */
export function compareClaims(
  observed: Record<string, ClaimRecord>,
  baseline: Record<string, ClaimRecord> | undefined,
): Verdict[] {
  const judged = new Set(Object.values(observed).map((o) => o.entry));
  const rows = Object.entries(observed).map(([key, o]): [string, Verdict] => {
    const b = baseline?.[key];
    const verdict = b === undefined ? "new" : b.verdict === o.verdict ? "pass" : "regressed";
    return [key, {
      point: pointKey({ entry: o.entry }),
      suite: o.suite,
      metric: claimMetric(o.claim),
      verdict,
      direction: "neutral",
      observed: CLAIM_CODES[o.verdict],
      baseline: b === undefined ? null : CLAIM_CODES[b.verdict],
      tolerance: 0,
      seeds: [],
      runs: o.runs,
      note: b === undefined
        ? "not in the baseline"
        : b.verdict === o.verdict
        ? null
        : `claim ${b.verdict} -> ${o.verdict}: ${o.line}`,
    }];
  });
  const gone = Object.entries(baseline ?? {}).filter(([key, b]) =>
    judged.has(b.entry) && observed[key] === undefined
  ).map(([key, b]): [string, Verdict] => [key, {
    point: pointKey({ entry: b.entry }),
    suite: b.suite,
    metric: claimMetric(b.claim),
    verdict: "regressed",
    direction: "neutral",
    observed: null,
    baseline: CLAIM_CODES[b.verdict],
    tolerance: 0,
    seeds: [],
    runs: {},
    note: `claim in the baseline (${b.verdict}) that the suite no longer states; ` +
      "record a new baseline if it was removed or renamed on purpose",
  }]);
  return [...rows, ...gone].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
}
