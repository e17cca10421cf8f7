import assert from "node:assert/strict";
import type { Verdict } from "./compare.ts";
import { pointLabel, verdictTable } from "./verdict_table.ts";

function verdict(lr: number, metric: string, kind: Verdict["verdict"]): Verdict {
  return {
    point: JSON.stringify({ epochs: 5, lr, suite: "mlp-mnist" }),
    suite: "mlp-mnist",
    metric,
    verdict: kind,
    direction: "higher-is-worse",
    observed: 0.0205,
    baseline: 0.01025,
    tolerance: 0.00106,
    seeds: [0, 1],
    runs: {},
    note: null,
  };
}

Deno.test("pointLabel() shows a grid point's config without its suite", () => {
  assert.equal(pointLabel('{"epochs":5,"lr":0.1,"suite":"x"}'), "epochs=5 lr=0.1");
});

Deno.test("verdictTable() lists regressions with observed, baseline and tolerance, then counts", () => {
  const lines = verdictTable([
    verdict(0.1, "lStar", "regressed"),
    verdict(0.1, "plMin", "pass"),
    verdict(0.2, "lStar", "pass"),
  ]);
  assert.match(
    lines[1]!,
    /^REGRESSED\s+mlp-mnist\s+lr=0\.1\s+lStar\s+0\.0205\s+0\.01025\s+±0\.00106$/,
  );
  assert.equal(lines.at(-1), "nightly: 2 pass, 1 regressed, 0 improved, 0 new");
  assert.ok(lines.some((l) => /^mlp-mnist\s+lr=0\.2\s+1\s+0\s+0\s+0$/.test(l)));
});
