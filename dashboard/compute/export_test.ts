import assert from "node:assert/strict";
import { parse } from "@std/csv/parse";
import { latexEscape, latexNumber, seriesCsv, tableCsv } from "./export.ts";
import { makeReport } from "../../src/testing/report_factory.ts";

Deno.test("latexEscape() escapes every LaTeX special character", () => {
  assert.equal(
    latexEscape("a_b & 5% #1 $x$ {y} ~^\\"),
    "a\\_b \\& 5\\% \\#1 \\$x\\$ \\{y\\} \\textasciitilde{}\\textasciicircum{}\\textbackslash{}",
  );
});

Deno.test("latexNumber() keeps three significant digits and writes powers of ten", () => {
  assert.equal(latexNumber(150145), "150145");
  assert.equal(latexNumber(0.36055), "0.361");
  assert.equal(latexNumber(0.000123456), "1.23 \\times 10^{-4}");
  assert.equal(latexNumber(-2.5e6 - 0.5), "-2.5 \\times 10^{6}");
});

Deno.test("seriesCsv() fills NTK columns at probe epochs only", () => {
  const r = makeReport();
  r.series.ntk = {
    epoch: [0, 4],
    lambdaMin: [2, 1],
    lambdaMax: [20, 10],
    kernelShift: [0, 0.5],
    drift: [0, 0.4],
    k: 8,
    belowNoiseFloor: [false, false],
  };
  const rows = parse(seriesCsv(r), { skipFirstRow: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((x) => x.ntk_lambda_min), ["2", "", "", "", "1"]);
  assert.equal(rows[4]!.ntk_kernel_shift, "0.5");
});

Deno.test("seriesCsv() fills the sharpness columns at its probe epochs only", () => {
  const r = makeReport();
  r.series.hessian = {
    epoch: [0, 2],
    sharpness: [40, null],
    residual: [0.01, null],
    iterations: [5, 0],
    samples: 5,
    fixedBatch: false,
  };
  const rows = parse(seriesCsv(r), { skipFirstRow: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((x) => x.sharpness), ["40", "", "", "", ""]);
  assert.equal(rows[0]!.sharpness_residual, "0.01");
});

Deno.test("tableCsv() quotes formula-like text cells and leaves negative numbers as numbers", () => {
  const table = {
    axes: ["act"],
    metrics: ["=cmd"],
    rows: [{
      pointId: "p",
      config: { act: '=HYPERLINK("http://evil.example")' },
      seeds: [0],
      counts: { complete: 1, diverged: 0, failed: 0 },
      decay: { power: 1 },
      metrics: { "=cmd": { n: 1, mean: -0.5, std: null, min: -0.5, max: -0.5 } },
    }],
  };
  const [header, row] = parse(tableCsv(table)) as string[][];
  assert.deepEqual(header!.slice(0, 4), ["act", "seeds", "seed_list", "decay"]);
  assert.equal(header![4], "'=cmd_mean");
  assert.equal(row![0], '\'=HYPERLINK("http://evil.example")');
  assert.equal(row![4], "-0.5");
});
