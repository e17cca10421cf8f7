/**
 * The NTK probe inputs across sweeps, on real mlp-mnist runs (tiny config, plain wasm): fixed by
 * the data and `probeSeed`, so sweeps that differ in another key probe a network on the same
 * inputs; a resumed sweep reruns a report probed on other inputs and says why; `claims` finds the
 * report of a cell that another sweep wrote.
 */
import assert from "node:assert/strict";
import { main } from "../../main.ts";
import { expandGrid } from "../sweep/grid.ts";
import { readReport, reportPath } from "../spool/store_files.ts";
import type { Report } from "../report/schema.ts";
import { mlpMnistSuite } from "../../suites/mlp_mnist.ts";
import { realDeps } from "./testdata/deps.ts";

const TINY = [
  "--suite",
  "mlp-mnist",
  "--set",
  "width=8",
  "--set",
  "trainSize=40",
  "--set",
  "ntkK=8",
  "--set",
  "probeEvery=1",
  "--set",
  "fullNtk=false",
  "--backend",
  "wasm",
  "--no-db",
];

/** Runs `sweep` with the tiny config and `args`; its exit code and output. */
async function sweep(args: string[]): Promise<{ code: number; text: string }> {
  const deps = realDeps();
  const code = await main(["sweep", ...TINY, ...args], deps);
  return { code, text: deps.out.text() };
}

/** The report of the seed-0 cell of the tiny config with `sets`. */
async function seed0Report(out: string, sets: string[]): Promise<Report> {
  const sets0 = TINY.flatMap((a, i) => TINY[i - 1] === "--set" ? [a] : []);
  const id = expandGrid(mlpMnistSuite, [...sets0, ...sets], ["seed=0"]).cells[0]!.id;
  const read = await readReport(out, id);
  assert.ok(read.kind === "ok", `no report ${id} in ${out}`);
  return read.report;
}

Deno.test("two sweeps that differ only in epochs probe seed 0 on the same inputs: equal lambda_0", async () => {
  const outs = [await Deno.makeTempDir(), await Deno.makeTempDir()];
  for (const [i, epochs] of [2, 3].entries()) {
    const ran = await sweep(["--set", `epochs=${epochs}`, "--grid", "seed=0", "--out", outs[i]!]);
    assert.equal(ran.code, 0, ran.text);
  }
  const [a, b] = [
    await seed0Report(outs[0]!, ["epochs=2"]),
    await seed0Report(outs[1]!, ["epochs=3"]),
  ];
  assert.notEqual(a.sweep.id, b.sweep.id);
  assert.deepEqual(a.probe, b.probe);
  assert.deepEqual(a.probe, mlpMnistSuite.probeSubset!(a.config, 40)!.record);
  assert.ok(typeof a.summary.lambda0 === "number" && a.summary.lambda0 > 0);
  assert.equal(a.summary.lambda0, b.summary.lambda0);
  // another probe seed draws other inputs, and the same network shows another lambda_0
  const other = await Deno.makeTempDir();
  const seeded = ["--set", "epochs=2", "--set", "probeSeed=1", "--grid", "seed=0", "--out", other];
  assert.equal((await sweep(seeded)).code, 0);
  const c = await seed0Report(other, ["epochs=2", "probeSeed=1"]);
  assert.equal(c.probe?.seed, 1);
  assert.notEqual(c.probe?.hash, a.probe?.hash);
  assert.notEqual(c.summary.lambda0, a.summary.lambda0);
});

Deno.test("a resumed sweep reruns a report probed on other inputs and says why in one line", async () => {
  const out = await Deno.makeTempDir();
  const args = ["--set", "epochs=2", "--grid", "seed=0", "--out", out];
  assert.equal((await sweep(args)).code, 0);
  const fresh = await seed0Report(out, ["epochs=2"]);
  const again = await sweep(args);
  assert.match(again.text, /1 cells in this shard: 0 to run, 1 already done/);
  // as written before the subset was fixed by the data: no record
  const { probe, ...old } = fresh;
  await Deno.writeTextFile(reportPath(out, fresh.id), JSON.stringify(old));
  const resumed = await sweep(args);
  assert.equal(resumed.code, 0);
  const line = resumed.text.split("\n").filter((l) => l.startsWith("rerun "));
  assert.equal(line.length, 1, resumed.text);
  assert.match(
    line[0]!,
    new RegExp(
      `^rerun ${fresh.id.slice(0, 8)} seed=0: its report records no NTK probe subset .*` +
        `this cell probes seed 0, 8 of 40 inputs, sha-256 ${probe!.hash.slice(0, 8)}$`,
    ),
  );
  assert.match(resumed.text, /1 cells in this shard: 1 to run, 0 already done/);
  const rerun = await seed0Report(out, ["epochs=2"]);
  assert.notEqual(rerun.startedAt, fresh.startedAt);
  assert.deepEqual(rerun.probe, probe);
  // a record of another draw is rerun too
  const wrong = { ...rerun, probe: { ...probe!, seed: 4 } };
  await Deno.writeTextFile(reportPath(out, fresh.id), JSON.stringify(wrong));
  const third = await sweep(args);
  assert.match(third.text, /rerun [0-9a-f]{8} seed=0: its report probed other inputs \(seed 4,/);
  assert.deepEqual((await seed0Report(out, ["epochs=2"])).probe, probe);
});

Deno.test("claims finds the report of a cell that another sweep wrote into the same folder", async () => {
  const out = await Deno.makeTempDir();
  assert.equal((await sweep(["--set", "epochs=2", "--grid", "seed=0", "--out", out])).code, 0);
  const wider = await sweep(["--set", "epochs=2", "--grid", "seed=0,1", "--out", out]);
  assert.match(wider.text, /2 cells in this shard: 1 to run, 1 already done/);
  const deps = realDeps();
  assert.equal(await main(["claims", "--out", out], deps), 0);
  const lines = deps.out.text().split("\n").filter((l) => l.startsWith("claims of mlp-mnist"));
  // the seed-0 sweep, and the seed-0,1 sweep with seed 0's report from the first
  assert.deepEqual(
    lines.map((l) => l.match(/(\d+) of (\d+) cells with data/)?.slice(1, 3).join("/")).sort(),
    ["1/1", "2/2"],
  );
  assert.match(
    deps.out.text(),
    /1 cells have their report from another sweep of the same cell \(same config\): seed=0/,
  );
});
