/**
 * The terminal table of a night: every verdict that is not a pass, one line each, then one line
 * per grid point with its counts.
 */
import type { Verdict } from "./compare.ts";
import { categoryName } from "./metrics.ts";
import { countVerdicts } from "./night_report.ts";
import { alignRows } from "../util/text_table.ts";
import { formatNumber, MISSING } from "../util/number_format.ts";

/**
 * A short label of a grid point key: its config without the suite, as `key=value` pairs (the key
 * itself when it is not the JSON of an object).
 */
export function pointLabel(key: string, keep: (name: string) => boolean = () => true): string {
  let config: unknown;
  try {
    config = JSON.parse(key);
  } catch {
    return key; // not a grid point key: shown as it is
  }
  if (typeof config !== "object" || config === null) return key;
  return Object.entries(config)
    .filter(([k]) => k !== "suite" && keep(k))
    .map(([k, v]) => `${k}=${typeof v === "object" && v !== null ? "[…]" : v}`)
    .join(" ");
}

/** Keys that vary between the points of `verdicts` (so labels show what tells points apart). */
function varyingKeys(verdicts: Verdict[]): Set<string> {
  const seen = new Map<string, Set<string>>();
  for (const v of verdicts) {
    const config = JSON.parse(v.point) as Record<string, unknown>;
    for (const [k, x] of Object.entries(config)) {
      const id = `${v.suite}\u0000${k}`;
      const set = seen.get(id) ?? new Set<string>();
      set.add(JSON.stringify(x));
      seen.set(id, set);
    }
  }
  const out = new Set<string>();
  for (const [id, values] of seen) if (values.size > 1) out.add(id.split("\u0000")[1]!);
  return out;
}

/** The table of a night's verdicts, as lines of text. */
export function verdictTable(verdicts: Verdict[]): string[] {
  const vary = varyingKeys(verdicts);
  const label = (key: string, suite: string) => {
    const entry = (JSON.parse(key) as { entry?: unknown }).entry;
    const named = typeof entry === "string" && entry !== suite ? entry : "";
    const axes = pointLabel(key, (k) => k !== "entry" && vary.has(k));
    return [named, axes].filter((t) => t !== "").join(" ") || "(defaults)";
  };
  const lines: string[] = [];
  const flagged = verdicts.filter((v) => v.verdict !== "pass");
  if (flagged.length > 0) {
    const rows = [[
      "verdict",
      "suite",
      "point",
      "metric",
      "observed",
      "baseline",
      "tolerance",
      "note",
    ]];
    for (const v of flagged) {
      rows.push([
        v.verdict.toUpperCase(),
        v.suite,
        label(v.point, v.suite),
        v.metric,
        categoryName(v.metric, v.observed) ?? formatNumber(v.observed),
        categoryName(v.metric, v.baseline) ?? formatNumber(v.baseline),
        v.tolerance === null ? MISSING : `±${formatNumber(v.tolerance)}`,
        v.note ?? "",
      ]);
    }
    lines.push(...alignRows(rows), "");
  }
  const points = new Map<string, Verdict[]>();
  for (const v of verdicts) points.set(v.point, [...(points.get(v.point) ?? []), v]);
  const rows = [["suite", "point", "pass", "regressed", "improved", "new"]];
  for (const [key, list] of points) {
    const c = countVerdicts(list);
    rows.push([
      list[0]!.suite,
      label(key, list[0]!.suite),
      `${c.pass}`,
      `${c.regressed}`,
      `${c.improved}`,
      `${c.new}`,
    ]);
  }
  lines.push(...alignRows(rows));
  const c = countVerdicts(verdicts);
  lines.push(
    "",
    `nightly: ${c.pass} pass, ${c.regressed} regressed, ${c.improved} improved, ${c.new} new`,
  );
  return lines;
}
