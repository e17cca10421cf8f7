/**
 * Preemption on the real Slurm path: deploy/slurm/sweep.sbatch submitted as a 2-task job array to
 * the one-node cluster (deploy/slurm/local-cluster.sh). Task 0 is requeued by `scontrol requeue`,
 * what a preemption in REQUEUE mode does (SIGTERM to every process, SIGKILL after KillWait); task 1
 * gets SIGUSR1 on its batch script, the signal `--signal=B:USR1@300` sends ahead of the time limit,
 * and requeues itself. Both finish from their checkpoints, their reports equal a local
 * uninterrupted run's. Needs root and Slurm (skipped with a line without them, mandatory in CI).
 */
import assert from "node:assert/strict";
import { main, PROGRAM } from "../../main.ts";
import { SUITES } from "../../suites/mod.ts";
import { openStore } from "../../dashboard/storage/store.ts";
import { readReport } from "../spool/store_files.ts";
import { checkpointDir, readStamp } from "../checkpoint/state_store.ts";
import { comparableReport } from "../testing/comparable_report.ts";
import { ignoreWithout, ROOT_USER, SLURM } from "../testing/system_parts.ts";
import { expandGrid } from "./grid.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const SETS = ["width=32", "trainSize=256", "ntkK=16", "probeEvery=5", "epochs=600"];
const GRIDS = ["seed=0,1"];
const FLAGS = [...SETS.flatMap((s) => ["--set", s]), ...GRIDS.flatMap((g) => ["--grid", g])];

async function run(cmd: string, args: string[]): Promise<string> {
  const r = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!r.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(r.stderr)}`);
  }
  return new TextDecoder().decode(r.stdout);
}

const pause = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

Deno.test({
  name: "Slurm array tasks preempted (requeued) or signalled ahead of their time limit resume " +
    "from their checkpoints to the uninterrupted reports",
  ignore: await ignoreWithout(import.meta.url, ROOT_USER, SLURM),
  async fn() {
    await run("bash", [`${ROOT}deploy/slurm/local-cluster.sh`, "start"]);
    const out = await Deno.makeTempDir({ prefix: "plbench-requeue-" });
    const cells = expandGrid(SUITES.find((s) => s.name === "mlp-mnist")!, SETS, GRIDS).cells;
    const job = (await run("sbatch", [
      "--parsable",
      "--array=0-1",
      `--chdir=${ROOT}`,
      `--output=${out}/slurm-%A_%a.out`,
      `${ROOT}deploy/slurm/sweep.sbatch`,
      "mlp-mnist",
      ...FLAGS,
      "--out",
      out,
      "--no-db",
      "--checkpoint-every",
      "10e",
    ])).trim().split(";")[0]!;
    const deadline = Date.now() + 240_000;
    // both tasks training: each cell (task i runs cell i) has written a checkpoint
    for (const cell of cells) {
      while ((await readStamp(checkpointDir(out, cell.id)))?.epoch === undefined) {
        assert.ok(Date.now() < deadline, `no checkpoint of ${cell.id} after 240 s`);
        await pause(100);
      }
    }
    await run("scontrol", ["requeue", `${job}_0`]);
    await run("scancel", ["--batch", "--signal=USR1", `${job}_1`]);
    // a requeued job waits about two minutes (its begin time); once its first run has been gone
    // for 5 s (sooner, Slurm refuses the start: "Job credential revoked"), let it start now
    const waitingSince = new Map<string, number>();
    while ((await run("squeue", ["-h", "-j", job, "-o", "%i %T %r"])).trim() !== "") {
      assert.ok(Date.now() < deadline, `job ${job} still queued or running after 240 s`);
      const waiting = (await run("squeue", ["-h", "-j", job, "-o", "%i %r"])).split("\n")
        .filter((l) => l.endsWith(" BeginTime")).map((l) => l.split(" ")[0]!);
      for (const id of waiting) {
        if (!waitingSince.has(id)) waitingSince.set(id, Date.now());
        if (Date.now() - waitingSince.get(id)! < 5000) continue;
        await run("scontrol", ["update", `JobId=${id}`, "StartTime=now"]);
        waitingSince.set(id, Infinity);
      }
      await pause(300);
    }
    const local = await Deno.makeTempDir({ prefix: "plbench-local-" });
    // one job each way (SLURM_CPUS_PER_TASK unset): as many BLAS threads as each task used
    const code = await main([
      "sweep",
      "--suite",
      "mlp-mnist",
      ...FLAGS,
      "--jobs",
      "1",
      "--out",
      local,
      "--no-db",
      "--quiet",
    ], {
      suites: SUITES,
      program: PROGRAM,
      env: {},
      openLocalStore: openStore,
      out: { isTerminal: false, write: () => {} },
    });
    assert.equal(code, 0);
    for (const [i, cell] of cells.entries()) {
      const log = await Deno.readTextFile(`${out}/slurm-${job}_${i}.out`);
      const show = await run("scontrol", ["-o", "show", "job", `${job}_${i}`]);
      assert.match(show, /JobState=COMPLETED/, show);
      assert.match(show, /Restarts=1\b/, show);
      assert.match(log, /SIGTERM: stopping; running cells write a checkpoint/, log);
      const stopped = /stopped, checkpoint at epoch (\d+)/.exec(log)?.[1];
      assert.ok(stopped !== undefined, log);
      assert.match(
        log,
        new RegExp(
          `${cell.id.slice(0, 8)} seed=${i}: starts at epoch ${stopped} from its checkpoint`,
        ),
      );
      const requeued = await readReport(out, cell.id);
      const alone = await readReport(local, cell.id);
      assert.ok(requeued.kind === "ok" && alone.kind === "ok", `cell ${cell.id} has no report`);
      assert.ok(requeued.report.notes.some((n) => n.startsWith(`resumed at epoch ${stopped} `)));
      const shardless = (r: typeof alone.report) => ({
        ...comparableReport(r),
        sweep: { ...r.sweep, shard: null },
      });
      assert.deepEqual(shardless(requeued.report), shardless(alone.report));
    }
  },
});
