import assert from "node:assert/strict";
import { parse } from "@std/csv/parse";
import { latexEscape, latexNumber, seriesCsv } from "./export.ts";
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
