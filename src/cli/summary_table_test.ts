import assert from "node:assert/strict";
import { validateReport } from "../spool/validate.ts";
import { summaryRows } from "./summary_table.ts";
import { formatNumber } from "../util/number_format.ts";

Deno.test("summaryRows() leads with the decay verdict and the three PL minima", async () => {
  const fixture = new URL("../../fixtures/reports/schema1-mlp-mnist.json", import.meta.url);
  const report = validateReport(JSON.parse(await Deno.readTextFile(fixture)));
  const [header, row] = summaryRows([report], []);
  const at = (title: string) => row![header!.indexOf(title)];
  assert.deepEqual(header!.slice(0, 9), [
    "run",
    "width",
    "lr",
    "seed",
    "status",
    "decay",
    "rho",
    "decades",
    "plMin0",
  ]);
  assert.equal(at("decay"), "undetermined");
  assert.equal(at("rho"), formatNumber(report.summary.decay!.rho));
  assert.equal(at("plMin*"), formatNumber(report.summary.plMin));
  assert.equal(at("rho*"), formatNumber(report.summary.contraction));
  assert.equal(at("plMinFit"), formatNumber(report.summary.plMinFit));
});
