/**
 * A whole sweep asked to stop, as a separate process: SIGTERM (a scheduler's preemption) makes its
 * running cells write a checkpoint and the sweep exit with 143 after one line saying what was
 * kept, and the same command resumes them; Ctrl-C twice exits at once with 130.
 */
import assert from "node:assert/strict";
import { checkpointDir, readStamp } from "../checkpoint/state_store.ts";
import { expandGrid } from "../sweep/grid.ts";
import { mlpMnistSuite } from "../../suites/mlp_mnist.ts";
import { readReport } from "../spool/store_files.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const SETS = ["width=32", "trainSize=256", "ntkK=16", "probeEvery=5", "epochs=1000"];
const GRIDS = ["seed=0,1"];
const ARGS = [...SETS.flatMap((s) => ["--set", s]), ...GRIDS.flatMap((g) => ["--grid", g])];
const IDS = expandGrid(mlpMnistSuite, SETS, GRIDS).cells.map((c) => c.id);

function sweep(out: string, extra: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "sweep", ...ARGS, "--out", out, "--no-db", "--jobs", "2", ...extra],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Waits until every cell has a checkpoint (both workers are training). */
async function training(out: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const stamps = await Promise.all(IDS.map((id) => readStamp(checkpointDir(out, id))));
    if (stamps.every((s) => s !== null)) return;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error("the cells wrote no checkpoint within 60 s");
}

async function outcome(child: Deno.ChildProcess) {
  const r = await child.output();
  const text = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
  return { code: r.code, text };
}

Deno.test("a sweep sent SIGTERM checkpoints its running cells, exits 143, and the same command resumes", async () => {
  const out = await Deno.makeTempDir({ prefix: "plbench-stop-" });
  const child = sweep(out, ["--checkpoint-every", "1e"]);
  await training(out);
  const sent = performance.now();
  child.kill("SIGTERM");
  const stopped = await outcome(child);
  const seconds = (performance.now() - sent) / 1000;
  assert.equal(stopped.code, 143, stopped.text);
  assert.ok(seconds < 30, `stopped ${seconds.toFixed(1)} s after SIGTERM`);
  const line = stopped.text.split("\n").find((l) => l.startsWith("stopped by SIGTERM: "));
  assert.match(
    line ?? "",
    /^stopped by SIGTERM: 2 running cells checkpointed \([0-9a-f]{8} at epoch \d+, [0-9a-f]{8} at epoch \d+\), 0 not started or stopped before training; rerun the same command to resume$/,
  );
  for (const id of IDS) {
    const epoch = new RegExp(`${id.slice(0, 8)} at epoch (\\d+)`).exec(line!)?.[1];
    assert.equal((await readStamp(checkpointDir(out, id)))?.epoch, Number(epoch));
    assert.equal((await readReport(out, id)).kind, "missing");
  }
  // the same command resumes both cells (here with checkpoints off, to finish sooner)
  const resumed = await outcome(sweep(out, ["--checkpoint-every", "off", "--quiet"]));
  assert.equal(resumed.code, 0, resumed.text);
  for (const id of IDS) {
    const read = await readReport(out, id);
    assert.ok(read.kind === "ok" && read.report.status === "complete");
    assert.ok(read.report.notes.some((n) => n.startsWith("resumed at epoch ")));
  }
});

Deno.test("Ctrl-C twice makes a sweep exit at once with 130", async () => {
  const out = await Deno.makeTempDir({ prefix: "plbench-stop-" });
  const child = sweep(out, ["--checkpoint-every", "1e"]);
  await training(out);
  child.kill("SIGINT");
  await new Promise((ok) => setTimeout(ok, 5));
  child.kill("SIGINT");
  const r = await outcome(child);
  assert.equal(r.code, 130, r.text);
  assert.match(
    r.text,
    /SIGINT: stopping; running cells write a checkpoint at the end of their epoch \(Ctrl-C again to quit at once\)/,
  );
  assert.doesNotMatch(r.text, /stopped by SIGINT/);
  // the workers, asked to stop by the sweep, still leave their checkpoints and exit
  for (let i = 0; i < 600; i++) {
    const locks = [...Deno.readDirSync(out)].filter((e) => e.name.endsWith(".lock"));
    if (locks.length === 0) break;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.deepEqual([...Deno.readDirSync(out)].filter((e) => e.name.endsWith(".lock")), []);
});
