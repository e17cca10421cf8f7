import assert from "node:assert/strict";
import { validateReport } from "../report/validate.ts";
import { alignRows, formatNumber, summaryRows } from "./summary_table.ts";

Deno.test("formatNumber() keeps 4 significant digits and writes '-' for null", () => {
  assert.equal(formatNumber(0.123456), "0.1235");
  assert.equal(formatNumber(150145), "1.501e+5");
  assert.equal(formatNumber(0.0000123), "1.230e-5");
  assert.equal(formatNumber(0), "0");
  assert.equal(formatNumber(null), "-");
  assert.equal(formatNumber(NaN), "-");
});

Deno.test("alignRows() pads every column to its widest cell", () => {
  assert.deepEqual(alignRows([["run", "width"], ["abc", "1024"], ["a", "8"]]), [
    "run  width",
    "abc  1024",
    "a    8",
  ]);
});

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
