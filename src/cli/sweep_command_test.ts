import assert from "node:assert/strict";
import { main } from "../../main.ts";
import { fakeDeps } from "./testdata/deps.ts";
import { readReport, reportPath } from "../spool/store_files.ts";
import { openStore } from "../../dashboard/storage/store.ts";
import { expandGrid } from "../sweep/grid.ts";
import { fakeLeastSquares } from "../sweep/testdata/fake_suites.ts";

const GRID = ["--set", "epochs=3", "--grid", "width=2,3", "--grid", "lr=0.1,0.2", "--no-db"];

async function startedAt(out: string, id: string): Promise<string | null> {
  const r = await readReport(out, id);
  return r.kind === "ok" ? r.report.startedAt : null;
}

Deno.test("a rerun skips finished cells and reruns missing, failed and half-written ones", async () => {
  const out = await Deno.makeTempDir();
  const ids = expandGrid(fakeLeastSquares, ["epochs=3"], ["width=2,3", "lr=0.1,0.2"]).cells.map((
    c,
  ) => c.id);
  const first = fakeDeps();
  assert.equal(await main([...GRID, "--out", out, "--jobs", "2"], first), 0);
  assert.match(first.out.text(), /4 cells in this shard: 4 to run/);
  assert.match(first.out.text(), /4 cells expected, 4 complete, 0 diverged, 0 failed, 0 missing/);
  const before = await Promise.all(ids.map((id) => startedAt(out, id)));

  await Deno.remove(reportPath(out, ids[0]!));
  const text = await Deno.readTextFile(reportPath(out, ids[1]!));
  await Deno.writeTextFile(reportPath(out, ids[1]!), text.slice(0, 100));
  const failed = JSON.parse(await Deno.readTextFile(reportPath(out, ids[2]!)));
  await Deno.writeTextFile(
    reportPath(out, ids[2]!),
    JSON.stringify({ ...failed, status: "failed", error: "worker killed by SIGKILL" }),
  );
  const second = fakeDeps();
  assert.equal(await main([...GRID, "--out", out, "--jobs", "2"], second), 0);
  assert.match(second.out.text(), /4 cells in this shard: 3 to run, 1 already done/);
  const after = await Promise.all(ids.map((id) => startedAt(out, id)));
  assert.equal(after[3], before[3]);
  for (const i of [0, 1, 2]) assert.notEqual(after[i], before[i]);
  const third = fakeDeps();
  assert.equal(await main([...GRID, "--out", out], third), 0);
  assert.match(third.out.text(), /0 to run, 4 already done/);
  const forced = fakeDeps();
  assert.equal(await main([...GRID, "--out", out, "--force"], forced), 0);
  assert.match(forced.out.text(), /4 to run/);
});

Deno.test("shards run apart cover the grid once and the summary across shards says so", async () => {
  const outs = [await Deno.makeTempDir(), await Deno.makeTempDir(), await Deno.makeTempDir()];
  for (const [i, out] of outs.entries()) {
    const deps = fakeDeps();
    assert.equal(await main([...GRID, "--out", out, "--shard", `${i}/3`, "--jobs", "1"], deps), 0);
    assert.match(deps.out.text(), new RegExp(`shard ${i}/3 \\(--shard ${i}/3\\)`));
  }
  const counts = outs.map((o) =>
    [...Deno.readDirSync(o)].filter((e) => e.name.endsWith(".json")).length
  );
  assert.deepEqual(counts, [2, 1, 1]);
  const partial = fakeDeps();
  assert.equal(await main([...GRID, "--out", outs[0]!, "--out", outs[1]!], partial), 1);
  assert.match(partial.out.text(), /4 cells expected, 3 complete, 0 diverged, 0 failed, 1 missing/);
  const all = fakeDeps();
  assert.equal(await main([...GRID, ...outs.flatMap((o) => ["--out", o])], all), 0);
  assert.match(all.out.text(), /4 cells expected, 4 complete, 0 diverged, 0 failed, 0 missing/);
  const report = await readReport(
    outs[1]!,
    expandGrid(fakeLeastSquares, ["epochs=3"], [
      "width=2,3",
      "lr=0.1,0.2",
    ]).cells[1]!.id,
  );
  assert.ok(report.kind === "ok");
  assert.deepEqual(report.report.sweep.shard, { index: 1, count: 3 });
  assert.equal(report.report.sweep.cells, 4);
});

Deno.test("a local sweep writes its reports into the SQLite store as well", async () => {
  const out = await Deno.makeTempDir();
  const db = `${out}/local.db`;
  const deps = fakeDeps();
  const args = ["--set", "epochs=2", "--grid", "width=2,3", "--set", "lr=0.1"];
  assert.equal(await main([...args, "--out", out, "--db", db], deps), 0);
  const store = openStore(db);
  try {
    assert.equal(store.listRuns({ suite: "fake-lsq" }).length, 2);
  } finally {
    store.close();
  }
  assert.match(deps.out.text(), /^run\s+width\s+lr\s+seed\s+status/m);
});

Deno.test("a sweep creates a missing output folder and refuses one it cannot create", async () => {
  const root = await Deno.makeTempDir();
  const deps = fakeDeps();
  const args = ["--set", "epochs=2", "--set", "width=2", "--set", "lr=0.1", "--no-db"];
  assert.equal(await main([...args, "--out", `${root}/new/runs`], deps), 0);
  assert.equal(
    (await readReport(
      `${root}/new/runs`,
      expandGrid(fakeLeastSquares, ["epochs=2", "width=2", "lr=0.1"], []).cells[0]!.id,
    )).kind,
    "ok",
  );
  await Deno.writeTextFile(`${root}/file`, "");
  const original = console.error;
  let stderr = "";
  console.error = (...parts: unknown[]) => void (stderr += parts.join(" "));
  try {
    assert.equal(await main([...args, "--out", `${root}/file/runs`], fakeDeps()), 2);
  } finally {
    console.error = original;
  }
  assert.match(stderr, /Cannot create the output folder '.*\/file\/runs'/);
});

Deno.test("a sweep takes its shard from a Kubernetes Indexed Job's environment and records it", async () => {
  const out = await Deno.makeTempDir();
  const deps = fakeDeps({ JOB_COMPLETION_INDEX: "2", PLBENCH_SHARD_COUNT: "3" });
  assert.equal(await main([...GRID, "--out", out], deps), 0);
  assert.match(deps.out.text(), /shard 2\/3 \(Kubernetes completion index 2\)/);
  const plan = expandGrid(fakeLeastSquares, ["epochs=3"], ["width=2,3", "lr=0.1,0.2"]);
  const read = await readReport(out, plan.cells[2]!.id);
  assert.ok(read.kind === "ok");
  assert.deepEqual(read.report.sweep.shard, { index: 2, count: 3 });
  assert.equal([...Deno.readDirSync(out)].filter((e) => e.name.endsWith(".json")).length, 1);
});
