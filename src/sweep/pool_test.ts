import assert from "node:assert/strict";
import { expandGrid } from "./grid.ts";
import { type PoolEvent, runPool } from "./pool.ts";
import type { WorkerSpec } from "./worker.ts";
import { readReport } from "../spool/store_files.ts";
import { FAKE_PROGRAM, fakeLeastSquares } from "./testdata/fake_suites.ts";

function specs(out: string, sets: string[], grids: string[]): WorkerSpec[] {
  const plan = expandGrid(fakeLeastSquares, sets, grids);
  const sweep = {
    id: plan.sweepId,
    suite: plan.suite,
    grid: plan.axes,
    cells: plan.cells.length,
    shard: { index: 0, count: 1 },
  };
  return plan.cells.map((c) => ({
    id: c.id,
    config: c.config,
    sweep,
    out,
    backend: "cpu",
    dataDir: null,
    force: false,
    blasThreads: 1,
  }));
}

Deno.test("runPool() confines a throwing and an exiting cell to their own failed reports", async () => {
  const out = await Deno.makeTempDir();
  const events: PoolEvent[] = [];
  const list = specs(out, ["width=3", "epochs=8"], ["crash=none,throw,exit", "lr=0.2,1e30"]);
  const results = await runPool(list, {
    jobs: 2,
    program: FAKE_PROGRAM,
    onEvent: (e) => events.push(e),
  });
  const status = results.map((r) => r.kind === "ran" ? r.status : r.kind);
  assert.deepEqual(status, ["complete", "failed", "failed", "diverged", "failed", "failed"]);
  const thrown = await readReport(out, list[1]!.id);
  assert.ok(thrown.kind === "ok" && thrown.report.error?.includes("fake failure at epoch 2"));
  const exited = await readReport(out, list[2]!.id);
  assert.ok(exited.kind === "ok" && exited.report.error?.includes("exited with code 3"));
  assert.equal(events.filter((e) => e.kind === "end").length, 6);
  assert.ok(events.some((e) => e.kind === "epoch" && e.epoch === 8));
  const names = [...Deno.readDirSync(out)].map((e) => e.name);
  assert.equal(names.filter((n) => n.endsWith(".json")).length, 6);
  assert.equal(names.filter((n) => n.includes(".lock") || n.endsWith(".tmp")).length, 0);
});

Deno.test("a worker that aborts at exit after announcing its report keeps that report", async () => {
  const out = await Deno.makeTempDir();
  const [spec] = specs(out, ["width=3", "epochs=4", "crash=atexit"], []);
  assert.ok(spec !== undefined);
  const [result] = await runPool([spec], { jobs: 1, program: FAKE_PROGRAM, onEvent: () => {} });
  assert.ok(result?.kind === "ran", `got ${JSON.stringify(result)}`);
  assert.equal(result.status, "complete");
  const stored = await readReport(out, spec.id);
  assert.ok(stored.kind === "ok" && stored.report.status === "complete");
  assert.equal(stored.report.series.loss.length, 5);
});

Deno.test("a worker killed with SIGKILL mid-cell leaves a failed report naming the signal", async () => {
  const out = await Deno.makeTempDir();
  const [spec] = specs(out, ["width=3", "epochs=200", "sleepMs=20", "lr=0.2"], []);
  assert.ok(spec !== undefined);
  let killed = false;
  const result = await runPool([spec], {
    jobs: 1,
    program: FAKE_PROGRAM,
    onEvent: (e) => {
      if (e.kind !== "epoch" || e.epoch !== 3 || killed) return;
      killed = true;
      const holder = JSON.parse(Deno.readTextFileSync(`${out}/${spec.id}.lock`));
      Deno.kill(holder.pid, "SIGKILL");
    },
  });
  assert.ok(killed);
  const r = result[0];
  assert.ok(r?.kind === "ran" && r.status === "failed");
  assert.match(r.report.error ?? "", /worker killed by SIGKILL/);
});

Deno.test("a rerun of a cell removes the temp files a killed writer left", async () => {
  const out = await Deno.makeTempDir();
  const [spec] = specs(out, ["width=3", "epochs=2", "lr=0.2"], []);
  assert.ok(spec !== undefined);
  await Deno.writeTextFile(`${out}/.${spec.id}.json.12345.abcd1234.tmp`, '{"half');
  const [result] = await runPool([spec], { jobs: 1, program: FAKE_PROGRAM, onEvent: () => {} });
  assert.ok(result?.kind === "ran" && result.status === "complete");
  assert.deepEqual([...Deno.readDirSync(out)].map((e) => e.name).sort(), [
    `${spec.id}.csv`,
    `${spec.id}.json`,
  ]);
});
