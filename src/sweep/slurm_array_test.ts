/**
 * The real Slurm path: deploy/slurm/sweep.sbatch submitted as a 4-task job array to a one-node
 * cluster (deploy/slurm/local-cluster.sh), uploading to the real dashboard on 127.0.0.1. Needs root
 * and Slurm (src/testing/system_parts.ts: skipped with a line without them, mandatory in CI).
 */
import assert from "node:assert/strict";
import { createApp } from "../../dashboard/app.ts";
import { openStore } from "../../dashboard/storage/store.ts";
import { main } from "../../main.ts";
import { SUITES } from "../../suites/mod.ts";
import type { Report } from "../report/schema.ts";
import { readReport } from "../spool/store_files.ts";
import { comparableReport } from "../testing/comparable_report.ts";
import { ignoreWithout, ROOT_USER, SLURM } from "../testing/system_parts.ts";
import { expandGrid } from "./grid.ts";
import { PROGRAM } from "../../main.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const TOKEN = "slurm-test-token";
const SUITE = "mlp-mnist";
const SETS = ["width=8", "epochs=3", "trainSize=64", "ntkK=16"];
const GRIDS = ["lr=0.001,0.002,0.003", "seed=0,1"];
const FLAGS = [...SETS.flatMap((s) => ["--set", s]), ...GRIDS.flatMap((g) => ["--grid", g])];

async function run(cmd: string, args: string[]): Promise<string> {
  const r = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(r.stdout);
  if (!r.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(r.stderr)}`);
  }
  return text;
}

/** A report without its wall-clock fields and its sweep's shard (a local run has the whole grid). */
function comparable(r: Report) {
  return { ...comparableReport(r), sweep: { ...r.sweep, shard: null } };
}

Deno.test({
  name:
    "a 4-task Slurm array covers the grid once, matches local runs, and every report is ingested once",
  ignore: await ignoreWithout(import.meta.url, ROOT_USER, SLURM),
  async fn() {
    await run("bash", [`${ROOT}deploy/slurm/local-cluster.sh`, "start"]);
    const store = openStore(":memory:");
    const app = createApp({ store, token: TOKEN });
    const posted: string[] = [];
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      async (req) => {
        if (req.method === "POST" && new URL(req.url).pathname === "/api/reports") {
          const body = await req.clone().json();
          for (const r of Array.isArray(body) ? body : [body]) posted.push(r.id);
        }
        return app.fetch(req);
      },
    );
    const url = `http://127.0.0.1:${server.addr.port}`;
    try {
      const out = await Deno.makeTempDir({ prefix: "plbench-slurm-" });
      const job = (await run("sbatch", [
        "--parsable",
        "--array=0-3",
        `--chdir=${ROOT}`,
        `--output=${out}/slurm-%A_%a.out`,
        `--export=ALL,PLBENCH_TOKEN=${TOKEN}`,
        `${ROOT}deploy/slurm/sweep.sbatch`,
        SUITE,
        ...FLAGS,
        "--out",
        out,
        "--upload",
        url,
        "--no-db",
      ])).trim().split(";")[0]!;
      const deadline = Date.now() + 240_000;
      while ((await run("squeue", ["-h", "-j", job]).catch(() => "")).trim() !== "") {
        assert.ok(Date.now() < deadline, `job ${job} still queued or running after 240 s`);
        await new Promise((ok) => setTimeout(ok, 200));
      }
      const plan = expandGrid(SUITES.find((s) => s.name === SUITE)!, SETS, GRIDS);
      const logs = await Promise.all(
        [0, 1, 2, 3].map((i) => Deno.readTextFile(`${out}/slurm-${job}_${i}.out`)),
      );
      const ran = logs.map((log, i) => {
        assert.match(log, new RegExp(`shard ${i}/4 \\(Slurm array task ${i}\\)`), log);
        return [...log.matchAll(/^\[\d+\/\d+\] ([0-9a-f]{8}) .*: complete/gm)].map((m) => m[1]!);
      });
      assert.deepEqual(ran.flat().sort(), plan.cells.map((c) => c.id.slice(0, 8)).sort());
      const local = await Deno.makeTempDir({ prefix: "plbench-local-" });
      // as many jobs as each array task runs (SLURM_CPUS_PER_TASK unset: 1), hence as many BLAS
      // threads: the rounding of BLAS's products depends on how it splits them among threads
      const code = await main([
        "sweep",
        "--suite",
        SUITE,
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
      for (const cell of plan.cells) {
        const sharded = await readReport(out, cell.id);
        const alone = await readReport(local, cell.id);
        assert.ok(sharded.kind === "ok" && alone.kind === "ok", `cell ${cell.id} has no report`);
        assert.deepEqual(comparable(sharded.report), comparable(alone.report));
        assert.deepEqual(sharded.report.sweep.shard, { index: cell.index % 4, count: 4 });
      }
      assert.deepEqual([...posted].sort(), plan.cells.map((c) => c.id).sort());
      assert.equal(store.listRuns({ suite: SUITE }).length, plan.cells.length);
    } finally {
      await server.shutdown();
      store.close();
    }
  },
});
