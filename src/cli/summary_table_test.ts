import assert from "node:assert/strict";
import { validateReport } from "../spool/validate.ts";
import { summaryRows } from "./summary_table.ts";
import { formatNumber } from "../util/number_format.ts";

Deno.test("summaryRows() leads with the decay and PL verdicts, then the three PL minima", async () => {
  const fixture = new URL("../../fixtures/reports/schema1-mlp-mnist.json", import.meta.url);
  const report = validateReport(JSON.parse(await Deno.readTextFile(fixture)));
  const [header, row] = summaryRows([report], []);
  const at = (title: string) => row![header!.indexOf(title)];
  // the best fit of this run is a line, so no run has a rho and that column is left out
  assert.deepEqual(header!.slice(0, 10), [
    "run",
    "width",
    "lr",
    "seed",
    "status",
    "decay",
    "PL",
    "decades",
    "plFall",
    "plMin0",
  ]);
  assert.equal(at("decay"), "undetermined");
  assert.equal(at("PL"), "inconclusive");
  assert.equal(at("decades"), formatNumber(report.summary.decay!.gapDecades));
  assert.equal(at("plFall"), formatNumber(report.summary.plFall));
  assert.equal(at("plMin*"), formatNumber(report.summary.plMin));
  assert.equal(at("rho*"), formatNumber(report.summary.contraction));
  // nor a fitted limit: plMinFit is null and its column left out too
  assert.equal(report.summary.plMinFit, null);
  assert.equal(header!.includes("plMinFit"), false);
});
