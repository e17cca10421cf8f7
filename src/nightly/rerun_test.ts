import assert from "node:assert/strict";
import { mlpMnistSuite } from "../../suites/mlp_mnist.ts";
import { parseBaseline } from "./baseline.ts";
import { nightlyCommand } from "../cli/nightly_command.ts";
import { compare } from "./compare.ts";
import type { NightReport } from "./night_report.ts";
import type { NightlyDeps } from "./run_night.ts";
import { MLP_PROGRAM } from "./testdata/mlp_suites.ts";

const lines: string[] = [];

/** A small slice of mlp-mnist at lr 0.005 (the nightly entry's step), two seeds. */
const deps: NightlyDeps = {
  suites: [mlpMnistSuite],
  program: MLP_PROGRAM,
  env: {},
  entries: [{
    name: "mlp-mnist-tiny",
    suite: "mlp-mnist",
    set: { width: 16, epochs: 60, lr: 0.005, trainSize: 200, probeEvery: 0, fullNtk: false },
    grid: { seed: [0, 1] },
    exact: false,
  }],
  say: (line) => lines.push(line),
};

async function night(dir: string, ...flags: string[]): Promise<[number, NightReport]> {
  const code = await nightlyCommand(["nightly", "--out", dir, "--jobs", "2", ...flags], deps);
  return [code, JSON.parse(await Deno.readTextFile(`${dir}/nightly.json`)) as NightReport];
}

Deno.test("the nightly compares each mlp-mnist seed with its own baseline and flags a 20% lr change", async () => {
  const root = await Deno.makeTempDir();
  const baseline = `${root}/nightly.json`;
  // the baseline night runs every cell twice: each metric's rerun noise is measured
  assert.equal(
    await nightlyCommand(["nightly", "--no-compare", "--rerun", "--out", `${root}/n0`], deps),
    0,
  );
  assert.equal(
    await nightlyCommand(["baseline", "--from", `${root}/n0`, "--out", baseline], deps),
    0,
  );
  const recorded = parseBaseline(await Deno.readTextFile(baseline), baseline);
  const point = Object.values(recorded.points)[0]!;
  assert.equal(point.metrics.lStar!.rerun, 0); // a seed's run is deterministic on its backend
  assert.ok(lines.some((l) => /rerun noise: \d+ metric values reproduced exactly/.test(l)));

  // the same night again passes, speed aside: wall time on a busy shared machine moves by more
  // than speedRatio's tolerance between two nights (the exit code follows what was flagged)
  const [same, sameNight] = await night(`${root}/n1`, "--baseline", baseline);
  const flagged = sameNight.verdicts.filter((v) => v.verdict !== "pass");
  assert.deepEqual(
    flagged.filter((v) => v.metric !== "speedRatio").map((v) => `${v.metric}: ${v.note}`),
    [],
  );
  assert.equal(same, flagged.some((v) => v.verdict === "regressed") ? 1 : 0);

  // lr 0.005 -> 0.004: every seed's loss moves, and the night fails on it
  const [changed, changedNight] = await night(
    `${root}/n2`,
    "--baseline",
    baseline,
    "--set",
    "lr=0.004",
  );
  assert.equal(changed, 1);
  const lStar = changedNight.verdicts.find((v) => v.metric === "lStar")!;
  assert.equal(lStar.verdict, "regressed");
  assert.match(lStar.note!, /per seed: 2 of 2 outside 3 x rerun noise/);
  assert.ok(lStar.observed! > lStar.baseline!);

  // the across-seed rule this replaces passes the same change: the seeds differ by more than
  // a 20% step moves them
  const observed = parseBaseline(
    await Deno.readTextFile(`${root}/n2/nightly-stats.json`),
    "n2",
  );
  const unmeasured = structuredClone(recorded);
  for (const p of Object.values(unmeasured.points)) {
    for (const m of Object.values(p.metrics)) delete m.rerun;
  }
  const old = compare(observed, unmeasured).find((v) => v.metric === "lStar")!;
  assert.equal(old.verdict, "pass", `${old.observed} vs ${old.baseline} ±${old.tolerance}`);
});
