import assert from "node:assert/strict";
import { logisticSuite } from "../../suites/logistic.ts";
import { evaluateReports, evaluateSweep } from "./evaluate.ts";
import { claimLines } from "./format.ts";
import { fixtureSweep } from "../testing/sweep_fixtures.ts";

Deno.test("a check that throws gives an inconclusive verdict that says why, and the others still run", () => {
  const suite = {
    ...logisticSuite,
    expectations: [
      {
        id: "broken",
        statement: "s",
        source: "x",
        check: () => {
          throw new Error("no such value");
        },
      },
      ...logisticSuite.expectations,
    ],
  };
  const reports = fixtureSweep(logisticSuite, () => ({ summary: { boundHolds: true } }));
  const claims = evaluateSweep(suite, reports);
  assert.equal(claims.results[0]!.verdict, "inconclusive");
  assert.equal(claims.results[0]!.line, "the check could not run: no such value");
  assert.equal(claims.results[1]!.verdict, "holds");
});

Deno.test("reports of suites plbench does not know are listed, not judged", () => {
  const reports = fixtureSweep(logisticSuite, () => ({}));
  const { sweeps, unknown } = evaluateReports([], reports);
  assert.deepEqual(sweeps, []);
  assert.deepEqual(unknown, [`${reports[0]!.sweep.id} (suite logistic)`]);
});

Deno.test("claimLines: a heading with counts, then two lines per claim", () => {
  const reports = fixtureSweep(
    logisticSuite,
    (c) => (c.seed === 2 ? null : { summary: { boundHolds: c.seed === 0 } }),
  );
  const text = claimLines(evaluateSweep(logisticSuite, reports));
  const lines = text.trimEnd().split("\n");
  assert.match(
    lines[0]!,
    /^claims of logistic \(sweep [0-9a-f]+, 2 of 3 cells with data\): 0 hold, 1 fail, 1 inconclusive$/,
  );
  assert.equal(
    lines[1],
    "  FAILS         under-lambert-bound: the training loss stays below log(1 + 1 / W0(exp(eps^2 kappa^2 t - C))) at all t",
  );
  assert.match(lines[2]!, /^ {18}seeds: 1 of 3 hold, 1 fail, 1 missing; seed=0: under the bound/);
  assert.match(lines[3]!, /^ {2}INCONCLUSIVE {2}decays-like-1-over-t/);
  assert.equal(lines.length, 5);
});
