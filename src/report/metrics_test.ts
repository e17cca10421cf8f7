import assert from "node:assert/strict";
import { summarize } from "../analysis/summarize.ts";
import { summaryRows } from "../cli/summary_table.ts";
import { runMetrics } from "../nightly/point_stats.ts";
import { directionOf, SKIPPED_SUMMARY_KEYS } from "../nightly/metrics.ts";
import { pointConfig, pointId } from "../sweep/grid_point.ts";
import { crossSeedTable } from "../../dashboard/compute/cross_seed_table.ts";
import { makeReport } from "../testing/report_factory.ts";
import type { Decay, Report, Summary } from "./schema.ts";
import { emptySummary } from "./build.ts";
import { METRICS, metricsIn, metricValue, SUMMARY_FIELDS, SUMMARY_METRICS } from "./metrics.ts";
import { BEGIN, END, metricTable } from "./metric_table.ts";

/**
 * A report in which every catalogue metric has a number (flags true, verdicts "holds"), distinct per
 * metric.
 */
function fullReport(seed = 0): Report {
  const summary: Record<string, unknown> = {};
  SUMMARY_METRICS.forEach((m, i) => {
    if (m.kind === "number") summary[m.key] = 0.5 + i / 100 + seed;
    if (m.kind === "flag") summary[m.key] = true;
    if (m.kind === "verdict") summary[m.key] = "holds";
  });
  const decay = { model: "geometric", rho: 0.9, gapDecades: 2 } as unknown as Decay;
  return makeReport({
    config: { seed },
    params: 150145,
    summary: { ...summary, decay } as Summary,
  });
}

Deno.test("the catalogue names each metric once and the summary's fields are exactly what summarize() writes", () => {
  assert.equal(new Set(METRICS.map((m) => m.key)).size, METRICS.length);
  const series = {
    epoch: [0, 1, 2, 3, 4, 5],
    loss: [1, 0.5, 0.25, 0.125, 0.0625, 0.03125],
    gradNormSq: [1, 0.5, 0.25, 0.125, 0.0625, 0.03125],
    drift: [0, 0.1, 0.2, 0.3, 0.4, 0.5],
    lr: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
    seconds: [0, 1, 2, 3, 4, 5],
  };
  const config = { suite: "toy", seed: 0, epochs: 5, lr: 0.1, width: 2 };
  const written = Object.keys(summarize(series, config, { trainSize: 10 })).sort();
  assert.deepEqual(written, [...SUMMARY_FIELDS].sort());
  assert.deepEqual(Object.keys(emptySummary()), [...SUMMARY_FIELDS]);
  // the type follows the catalogue: a decay field is a Decay, a flag a boolean
  const typed: { decay: Decay | null; ntkSuspect: boolean | null } = emptySummary();
  assert.equal(typed.decay, null);
});

Deno.test("the terminal table, the cross-seed table and the nightly list the catalogue's metrics", () => {
  const reports = [fullReport(0), fullReport(1)];
  const [header] = summaryRows(reports, []);
  // the verdicts (shown by name) lead, then the numbers, each in catalogue order
  const terminal = [
    ...metricsIn("terminal").filter((m) => m.kind === "verdict"),
    ...metricsIn("terminal").filter((m) => m.kind === "number"),
  ].map((m) => m.short);
  assert.equal(terminal.length, metricsIn("terminal").length);
  assert.deepEqual(header!.slice(-terminal.length), terminal);

  const runs = reports.map((r) => ({
    id: r.id,
    suite: r.suite,
    sweepId: r.sweep.id,
    pointId: pointId(r.config),
    pointConfig: pointConfig(r.config),
    seed: r.config.seed,
    status: r.status,
    params: r.params,
    summary: r.summary,
  }));
  const table = crossSeedTable(runs);
  assert.deepEqual(table.metrics, metricsIn("crossSeed").map((m) => m.key));

  const compared = Object.keys(runMetrics(reports[0]!, 1, false)).filter((k) =>
    k !== "completeRuns" && k !== "decayModel"
  );
  assert.deepEqual(compared.sort(), metricsIn("nightly").map((m) => m.key).sort());
  for (const m of SUMMARY_METRICS) {
    assert.equal(SKIPPED_SUMMARY_KEYS.has(m.key), !m.views.includes("nightly"), m.key);
  }
});

Deno.test("the nightly's direction of a metric is the catalogue's better side", () => {
  for (const m of METRICS) {
    const expected = m.better === "higher"
      ? "lower-is-worse"
      : m.better === "lower"
      ? "higher-is-worse"
      : "neutral";
    assert.equal(directionOf(m.key), expected, m.key);
  }
  assert.equal(directionOf("speedRatio"), "higher-is-worse");
  assert.equal(directionOf("someSuiteValue"), "neutral");
});

Deno.test("metricValue() reads summary fields, the decay fit and the parameter count", () => {
  const r = fullReport();
  assert.equal(metricValue(r, "decayRho"), 0.9);
  assert.equal(metricValue(r, "decayDecades"), 2);
  assert.equal(metricValue(r, "params"), 150145);
  assert.equal(metricValue(r, "lStar"), r.summary.lStar);
  assert.equal(metricValue(r, "ntkSuspect"), null, "a flag is not a number");
  assert.equal(metricValue(makeReport(), "decayRho"), null);
});

Deno.test("the README's table of summary fields is the catalogue's", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const part = readme.slice(readme.indexOf(BEGIN) + BEGIN.length, readme.indexOf(END));
  // deno fmt pads the columns of a Markdown table; compare the cells
  const cells = (text: string) =>
    text.trim().split("\n").map((line) => line.replace(/\s+/g, " ").replace(/-{3,}/g, "---"));
  assert.deepEqual(
    cells(part),
    cells(metricTable()),
    "run: deno run -A src/report/metric_table.ts --write README.md && deno fmt README.md",
  );
});
