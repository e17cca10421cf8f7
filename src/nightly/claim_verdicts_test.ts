import assert from "node:assert/strict";
import { nightlyCommand } from "../cli/nightly_command.ts";
import type { NightReport } from "./night_report.ts";
import { toyNightDeps } from "./testdata/toy_night.ts";
import { readBaseline } from "./baseline.ts";
import { compareClaims } from "./claim_verdicts.ts";

/** Both lemniscate parametrizations at the suite's defaults, one seed: the same-point claim holds. */
const ENTRY = {
  name: "lemniscate-both",
  suite: "lemniscate",
  set: {},
  grid: { param: ["S", "L"], seed: [0] },
  exact: true,
};

Deno.test("a claim whose verdict changes fails the night: same-point holds, then F_L stops short of theta*", async () => {
  const root = await Deno.makeTempDir();
  const lines: string[] = [];
  const deps = { ...toyNightDeps({}, (l) => lines.push(l)), entries: [ENTRY] };
  const baseline = `${root}/baseline.json`;
  assert.equal(
    await nightlyCommand(["nightly", "--no-compare", "--out", `${root}/n0`, "--jobs", "2"], deps),
    0,
  );
  assert.equal(
    await nightlyCommand(["baseline", "--from", `${root}/n0`, "--out", baseline], deps),
    0,
  );
  const recorded = await readBaseline(baseline);
  assert.equal(recorded.claims?.["lemniscate-both/same-point"]?.verdict, "holds");
  assert.equal(recorded.claims?.["lemniscate-both/s-faster-than-l"]?.verdict, "holds");

  const same = await nightlyCommand(
    ["nightly", "--baseline", baseline, "--out", `${root}/n1`, "--jobs", "2"],
    deps,
  );
  assert.equal(same, 0);

  // 60 epochs of 25 steps: F_S converges, F_L does not, so the two runs end at different points
  const code = await nightlyCommand([
    "nightly",
    "--baseline",
    baseline,
    "--out",
    `${root}/n2`,
    "--jobs",
    "2",
    "--set",
    "epochs=60",
  ], deps);
  assert.equal(code, 1);
  const night = JSON.parse(await Deno.readTextFile(`${root}/n2/nightly.json`)) as NightReport;
  const row = night.verdicts.find((v) => v.metric === "claim:same-point")!;
  assert.equal(row.verdict, "regressed");
  assert.equal(row.point, JSON.stringify({ entry: "lemniscate-both" }));
  assert.match(row.note ?? "", /^claim holds -> fails: .*NOT param=L seed=0 did not reach theta\*/);
  assert.deepEqual(Object.keys(row.runs).sort(), ["0 (param=L)", "0 (param=S)"]);
  assert.match(lines.join("\n"), /^REGRESSED\s+.*claim:same-point\s+fails\s+holds/m);
});

Deno.test("compareClaims: pass on the same verdict, regressed on any change, new without a baseline", () => {
  const record = (verdict: "holds" | "fails" | "inconclusive") => ({
    suite: "s",
    entry: "e",
    claim: "c",
    verdict,
    line: "evidence",
    runs: { "0": "r0" },
  });
  const rows = (o: "holds" | "fails" | "inconclusive", b?: "holds" | "fails" | "inconclusive") =>
    compareClaims({ "e/c": record(o) }, b === undefined ? undefined : { "e/c": record(b) })[0]!;
  assert.equal(rows("holds", "holds").verdict, "pass");
  assert.equal(
    rows("holds", "fails").verdict,
    "regressed",
    "a claim that starts to hold changed too",
  );
  assert.equal(rows("inconclusive", "holds").verdict, "regressed");
  assert.equal(rows("holds").verdict, "new");
  assert.deepEqual([rows("fails", "holds").observed, rows("fails", "holds").baseline], [1, 0]);
});

Deno.test("compareClaims: a baseline claim the suite no longer states regresses, unless its entry was not judged", () => {
  const record = (entry: string, claim: string) => ({
    suite: "s",
    entry,
    claim,
    verdict: "holds" as const,
    line: "evidence",
    runs: { "0": "r0" },
  });
  const baseline = {
    "e/old-name": record("e", "old-name"),
    "e/kept": record("e", "kept"),
    "other/c": record("other", "c"),
  };
  const rows = compareClaims(
    { "e/kept": record("e", "kept"), "e/new-name": record("e", "new-name") },
    baseline,
  );
  assert.deepEqual(rows.map((r) => [r.metric, r.verdict]), [
    ["claim:kept", "pass"],
    ["claim:new-name", "new"],
    ["claim:old-name", "regressed"],
  ]);
  assert.match(rows[2]!.note!, /claim in the baseline \(holds\) that the suite no longer states/);
  assert.equal(rows[2]!.observed, null);
});
