import assert from "node:assert/strict";
import { createApp } from "../../dashboard/app.ts";
import { openNightlyStore } from "../../dashboard/storage/nightly_store.ts";
import { openStore } from "../../dashboard/storage/store.ts";
import type { NightReport } from "../nightly/night_report.ts";
import { nightlyCommand } from "./nightly_command.ts";
import { toyNightDeps } from "../nightly/testdata/toy_night.ts";
import { FAKE_PROGRAM, fakeLeastSquares } from "../sweep/testdata/fake_suites.ts";

const lines: string[] = [];
const deps = toyNightDeps({ PLBENCH_TOKEN: "tk" }, (line) => lines.push(line));

async function night(dir: string, ...flags: string[]): Promise<[number, NightReport]> {
  const code = await nightlyCommand(["nightly", "--out", dir, "--jobs", "2", ...flags], deps);
  return [code, JSON.parse(await Deno.readTextFile(`${dir}/nightly.json`)) as NightReport];
}

Deno.test("a real nightly run passes against its own baseline and catches a changed step size", async () => {
  const root = await Deno.makeTempDir();
  const baseline = `${root}/fixtures/nightly.json`;
  assert.equal(
    await nightlyCommand(["nightly", "--no-compare", "--out", `${root}/n0`, "--jobs", "2"], deps),
    0,
  );
  assert.equal(
    await nightlyCommand(["baseline", "--from", `${root}/n0`, "--out", baseline], deps),
    0,
  );
  assert.ok(lines.some((l) => l.startsWith("recorded 1 grid points")));

  const store = openStore(":memory:");
  const app = createApp({ store, token: "tk", nightly: openNightlyStore(":memory:") });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, app.fetch);
  const url = `http://127.0.0.1:${server.addr.port}`;
  let same: number, sameNight: NightReport;
  try {
    [same, sameNight] = await night(`${root}/n1`, "--baseline", baseline, "--upload", url);
  } finally {
    await server.shutdown();
  }
  // the dashboard holds the night's verdicts and the runs they link to
  const shown = await (await app.request(`/nightly/${sameNight.id}`)).text();
  for (const id of Object.values(sameNight.verdicts[0]!.runs)) {
    assert.ok(shown.includes(`/runs/${id}`));
    assert.equal(store.getReport(id)?.id, id);
  }
  assert.equal(same, 0);
  assert.equal(sameNight.regressed, false);
  assert.ok(sameNight.verdicts.length > 5);
  assert.deepEqual(sameNight.verdicts.filter((v) => v.verdict !== "pass"), []);

  // Half the step size: GD on the lemniscate converges more slowly, so the contraction factor
  // rho = exp(slope) moves towards 1 and the terminal loss rises.
  const [changed, changedNight] = await night(
    `${root}/n2`,
    "--baseline",
    baseline,
    "--set",
    "lr=0.0005",
  );
  assert.equal(changed, 1);
  const regressed = new Map(
    changedNight.verdicts.filter((v) => v.verdict === "regressed").map((v) => [v.metric, v]),
  );
  const rho = regressed.get("contraction");
  assert.ok(rho !== undefined && rho.observed !== null && rho.baseline !== null);
  assert.ok(rho.observed > rho.baseline, `contraction ${rho.observed} vs ${rho.baseline}`);
  assert.ok(regressed.has("lStar"));
  assert.deepEqual(Object.keys(rho.runs).sort(), ["0", "1"]);
  assert.ok(changedNight.notes.some((n) => n.includes("lr 0.001 -> 0.0005")));
  assert.match(lines.join("\n"), /^REGRESSED\s+lemniscate\s+.*contraction/m);
});

Deno.test("nightly refuses a missing, corrupt or other-version baseline with exit code 2, before any run", async () => {
  const root = await Deno.makeTempDir();
  const errors: string[] = [];
  const original = console.error;
  console.error = (m: string) => void errors.push(m);
  try {
    assert.equal(
      await nightlyCommand(
        ["nightly", "--baseline", `${root}/none.json`, "--out", `${root}/a`],
        deps,
      ),
      2,
    );
    await Deno.writeTextFile(`${root}/corrupt.json`, '{"schema": 1,');
    assert.equal(
      await nightlyCommand(
        ["nightly", "--baseline", `${root}/corrupt.json`, "--out", `${root}/b`],
        deps,
      ),
      2,
    );
    await Deno.writeTextFile(`${root}/v9.json`, '{"schema": 9, "points": {}}');
    assert.equal(
      await nightlyCommand(
        ["nightly", "--baseline", `${root}/v9.json`, "--out", `${root}/c`],
        deps,
      ),
      2,
    );
    assert.equal(
      await nightlyCommand(
        ["nightly", "--shard", "3/2", "--no-compare", "--out", `${root}/d`],
        deps,
      ),
      2,
    );
    assert.equal(
      await nightlyCommand(
        ["nightly", "--set", "nope=1", "--no-compare", "--out", `${root}/e`],
        deps,
      ),
      2,
    );
  } finally {
    console.error = original;
  }
  assert.match(errors[0]!, /none\.json: file not found/);
  assert.match(errors[1]!, /corrupt\.json: not valid JSON/);
  assert.match(errors[2]!, /schema 9 is not supported, expected schema 1/);
  assert.match(errors[3]!, /index must be < count, got index 3, count 2/);
  assert.match(errors[4]!, /no suite of the nightly set has key 'nope'/);
  for (const dir of ["a", "b", "c", "d", "e"]) {
    await assert.rejects(() => Deno.stat(`${root}/${dir}`), Deno.errors.NotFound);
  }
});

Deno.test("shards of a night merge into one baseline and each shard compares its own seeds", async () => {
  const root = await Deno.makeTempDir();
  const baseline = `${root}/nightly.json`;
  for (const i of [0, 1]) {
    const args = ["nightly", "--no-compare", "--shard", `${i}/2`, "--out", `${root}/s${i}`];
    assert.equal(await nightlyCommand(args, deps), 0);
  }
  const from = ["--from", `${root}/s0`, "--from", `${root}/s1`];
  assert.equal(await nightlyCommand(["baseline", ...from, "--out", baseline], deps), 0);
  const recorded = JSON.parse(await Deno.readTextFile(baseline));
  assert.deepEqual(Object.values(recorded.points).map((p) => (p as { seeds: number[] }).seeds), [
    [0, 1],
  ]);
  const [code, shardNight] = await night(`${root}/n`, "--baseline", baseline, "--shard", "1/2");
  assert.equal(code, 0);
  assert.deepEqual(shardNight.shard, { index: 1, count: 2 });
  const lStar = shardNight.verdicts.find((v) => v.metric === "lStar")!;
  assert.deepEqual([lStar.verdict, lStar.seeds], ["pass", [1]]);
});

Deno.test("a real slower epoch is flagged as a speedRatio regression and nothing else", async () => {
  const root = await Deno.makeTempDir();
  const slowDeps = {
    ...deps,
    suites: [fakeLeastSquares],
    program: FAKE_PROGRAM,
    entries: [{
      name: "lsq",
      suite: "fake-lsq",
      set: { epochs: 12, width: 4, lr: 0.1, sleepMs: 2 },
      grid: { seed: [0, 1] },
      exact: false,
    }],
  };
  const baseline = `${root}/nightly.json`;
  assert.equal(
    await nightlyCommand(["nightly", "--no-compare", "--out", `${root}/n0`], slowDeps),
    0,
  );
  assert.equal(
    await nightlyCommand(["baseline", "--from", `${root}/n0`, "--out", baseline], slowDeps),
    0,
  );
  // 2 ms -> 200 ms an epoch: a busy machine's extra milliseconds an epoch cannot hide the slowdown
  const flags = ["--baseline", baseline, "--out", `${root}/n1`, "--set", "sleepMs=200"];
  assert.equal(await nightlyCommand(["nightly", ...flags], slowDeps), 1);
  const slow = JSON.parse(await Deno.readTextFile(`${root}/n1/nightly.json`)) as NightReport;
  const flagged = slow.verdicts.filter((v) => v.verdict !== "pass");
  assert.deepEqual(flagged.map((v) => `${v.metric}:${v.verdict}`), ["speedRatio:regressed"]);
  assert.ok(flagged[0]!.observed! > 3 * flagged[0]!.baseline!);
});
