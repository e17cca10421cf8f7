import assert from "node:assert/strict";
import type { RunConfig } from "../src/config/run_config.ts";
import { fixtureSweep, judgeClaim } from "../src/testing/sweep_fixtures.ts";
import { widthAblationSuite } from "./width_ablation.ts";

/**
 * Table 1 as measured with the defaults (the suite's notes): eta / eta_max, lambda_0, NTK drift %,
 * L*, final drift; the PL minima are stated here (largest at the reduced step).
 */
const MEASURED: Record<string, Record<string, number>> = {
  "128|0.001": {
    etaOverEtaMax: 0.22,
    lambda0: 0.198,
    ntkDriftPct: 20.2,
    lStar: 0.418,
    finalDrift: 0.145,
    plMin: 0.9,
  },
  "256|0.001": {
    etaOverEtaMax: 0.43,
    lambda0: 0.465,
    ntkDriftPct: 31.4,
    lStar: 0.291,
    finalDrift: 0.19,
    plMin: 1.1,
  },
  "512|0.001": {
    etaOverEtaMax: 0.88,
    lambda0: 0.634,
    ntkDriftPct: 23.2,
    lStar: 0.26,
    finalDrift: 0.219,
    plMin: 1.3,
  },
  "1024|0.001": {
    etaOverEtaMax: 1.57,
    lambda0: 1.12,
    ntkDriftPct: -79.5,
    lStar: 0.402,
    finalDrift: 0.733,
    plMin: 0.4,
  },
  "1024|0.0004": {
    etaOverEtaMax: 0.63,
    lambda0: 1.12,
    ntkDriftPct: 0.9,
    lStar: 0.367,
    finalDrift: 0.136,
    plMin: 1.6,
  },
};

type Edit = Record<string, Record<string, number>>;

function table(edit: Edit = {}, drop: string[] = []) {
  return fixtureSweep(widthAblationSuite, (c: RunConfig) => {
    const key = `${c.width}|${c.lr}`;
    return drop.includes(key) ? null : { summary: { ...MEASURED[key], ...edit[key] } };
  });
}

const IDS = ["lambda0-grows", "drift-jumps-at-1024", "lstar-decreases", "reduced-step-recovers"];

Deno.test("every width-ablation claim holds on the measured Table 1", () => {
  const reports = table();
  assert.equal(reports.length, 5);
  for (const id of IDS) {
    const r = judgeClaim(widthAblationSuite, reports, id);
    assert.equal(r.verdict, "holds", `${id}: ${r.line}`);
  }
});

Deno.test("lambda0-grows fails when lambda_0 stalls at 256 or grows far faster than doubling", () => {
  const stall = judgeClaim(
    widthAblationSuite,
    table({ "256|0.001": { lambda0: 0.19 } }),
    "lambda0-grows",
  );
  assert.equal(stall.verdict, "fails", stall.line);
  // 0.1 -> 0.634 over two doublings: a factor 2.5 per doubling is still "about doubling";
  // 0.05 -> 0.634 (3.6 per doubling) is not
  const fast = table({ "128|0.001": { lambda0: 0.05 }, "256|0.001": { lambda0: 0.2 } });
  const r = judgeClaim(widthAblationSuite, fast, "lambda0-grows");
  assert.equal(r.verdict, "fails", r.line);
  assert.match(r.line, /NOT growth factor per doubling 3.561/);
});

Deno.test("drift-jumps-at-1024 fails without a jump, or with 1024 below the edge of stability", () => {
  const noJump = judgeClaim(
    widthAblationSuite,
    table({ "1024|0.001": { finalDrift: 0.3 } }),
    "drift-jumps-at-1024",
  );
  assert.equal(noJump.verdict, "fails", noJump.line);
  assert.match(noJump.line, /NOT final drift at 1024 0.3 vs 0.219/);
  const stable = table({ "1024|0.001": { etaOverEtaMax: 0.95 } });
  assert.equal(judgeClaim(widthAblationSuite, stable, "drift-jumps-at-1024").verdict, "fails");
});

Deno.test("lstar-decreases fails when L* rises from 256 to 512", () => {
  const r = judgeClaim(
    widthAblationSuite,
    table({ "512|0.001": { lStar: 0.3 } }),
    "lstar-decreases",
  );
  assert.equal(r.verdict, "fails", r.line);
});

Deno.test("reduced-step-recovers fails when another cell has a larger PL min; names a missing cell", () => {
  const r = judgeClaim(
    widthAblationSuite,
    table({ "512|0.001": { plMin: 1.7 } }),
    "reduced-step-recovers",
  );
  assert.equal(r.verdict, "fails", r.line);
  assert.match(r.line, /NOT PL min 1.6 \(largest: > 1.7 of the other cells\)/);
  const missing = judgeClaim(
    widthAblationSuite,
    table({}, ["1024|0.0004"]),
    "reduced-step-recovers",
  );
  assert.equal(missing.verdict, "inconclusive");
  assert.deepEqual(missing.missing, ["width=1024 lr=0.0004 (no report)"]);
});
