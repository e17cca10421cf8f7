/**
 * Checkpoints through real worker processes: a cell killed (SIGKILL) at a random epoch of a run
 * with NTK probes resumes from its checkpoint and its report equals an uninterrupted run's bit for
 * bit, on plain WebAssembly and on the BLAS path with two threads; a worker sent SIGTERM (as a
 * scheduler does) or stopped by its pool writes a checkpoint of the epoch it was in and exits.
 */
import assert from "node:assert/strict";
import { runPool } from "./pool.ts";
import { readReport } from "../spool/store_files.ts";
import { checkpointDir, readStamp } from "../checkpoint/state_store.ts";
import { ignoreWithout, OPENBLAS } from "../testing/system_parts.ts";
import { comparableReport } from "../testing/comparable_report.ts";
import type { BackendChoice } from "../backend/backend.ts";
import { PROGRAM, runTiny, tinySpec } from "./testdata/tiny_cells.ts";

/** The 200-epoch tiny cell (long enough for a signal to land mid-run: about 8 ms an epoch). */
function specOf(out: string, backend: BackendChoice, blasThreads: number, every: string) {
  return tinySpec(out, { sets: ["epochs=200"], backend, blasThreads, every });
}

const pool = runTiny;

async function reportIn(out: string, id: string) {
  const read = await readReport(out, id);
  assert.ok(read.kind === "ok", JSON.stringify(read));
  return read.report;
}

for (const [backend, threads] of [["wasm", 1], ["blas", 2]] as const) {
  Deno.test({
    name:
      `a cell killed by SIGKILL at a random epoch resumes to the uninterrupted report (${backend})`,
    ignore: backend === "blas" && await ignoreWithout(import.meta.url, OPENBLAS),
    async fn() {
      const [whole, killed] = [await Deno.makeTempDir(), await Deno.makeTempDir()];
      const reference = await pool(specOf(whole, backend, threads, "off"));
      assert.ok(reference.kind === "ran" && reference.status === "complete");
      const spec = specOf(killed, backend, threads, "3e");
      const at = 6 + Math.floor(Math.random() * 140);
      let sent = false;
      const first = await pool(spec, (epoch, pid) => {
        if (epoch < at || sent) return;
        sent = true;
        Deno.kill(pid, "SIGKILL");
      });
      assert.ok(first.kind === "ran" && first.status === "failed", JSON.stringify(first));
      const saved = await readStamp(checkpointDir(killed, spec.id));
      assert.ok(saved !== null && saved.epoch > 0 && saved.epoch <= 200, `killed at ${at}`);
      const second = await pool(spec);
      assert.ok(second.kind === "ran" && second.status === "complete");
      const resumed = await reportIn(killed, spec.id);
      assert.deepEqual(comparableReport(resumed), comparableReport(await reportIn(whole, spec.id)));
      assert.ok(
        resumed.notes.includes(
          `resumed at epoch ${saved.epoch} from a checkpoint written ${saved.writtenAt}: epochs ` +
            `0-${saved.epoch - 1} not recomputed`,
        ),
        resumed.notes.join(" | "),
      );
      assert.deepEqual(resumed.env.blas?.threads ?? null, backend === "blas" ? threads : null);
      // a finished cell keeps its final state and drops its checkpoint
      const names = [...Deno.readDirSync(killed)].map((e) => e.name).sort();
      assert.deepEqual(names, [`${spec.id}.csv`, `${spec.id}.final`, `${spec.id}.json`]);
    },
  });
}

Deno.test("a worker sent SIGTERM mid-run checkpoints the epoch it was in, stops, and resumes", async () => {
  const out = await Deno.makeTempDir();
  const spec = specOf(out, "wasm", 1, "off"); // no periodic checkpoint: any one is the stop's
  const at = 4 + Math.floor(Math.random() * 140);
  let sentAt: number | null = null;
  let lastBeat = -1;
  const stopped = await pool(spec, (epoch, pid) => {
    lastBeat = epoch;
    if (epoch < at || sentAt !== null) return;
    sentAt = epoch;
    Deno.kill(pid, "SIGTERM");
  });
  assert.ok(stopped.kind === "stopped", JSON.stringify(stopped));
  assert.ok(sentAt !== null && stopped.epoch !== null && stopped.epoch > sentAt);
  // the worker finished the epoch it was in (the last it reported) and saved the state after it
  assert.equal(stopped.epoch, lastBeat + 1);
  assert.equal((await readStamp(checkpointDir(out, spec.id)))?.epoch, stopped.epoch);
  assert.equal((await readReport(out, spec.id)).kind, "missing");
  const again = await pool(spec);
  assert.ok(again.kind === "ran" && again.status === "complete");
  const report = await reportIn(out, spec.id);
  assert.ok(report.notes.some((n) => n.startsWith(`resumed at epoch ${stopped.epoch} `)));
});

Deno.test("a pool asked to stop has its running worker checkpoint and starts no other cell", async () => {
  const out = await Deno.makeTempDir();
  const spec = specOf(out, "wasm", 1, "off");
  const controller = new AbortController();
  const [result, ...rest] = await runPool([spec, { ...spec, id: "f".repeat(20) }], {
    jobs: 1,
    program: PROGRAM,
    stop: controller.signal,
    onEvent: (e) => {
      if (e.kind === "epoch" && e.epoch === 10) controller.abort("SIGTERM");
    },
  });
  assert.deepEqual(rest, []);
  assert.ok(result?.kind === "stopped" && result.epoch !== null && result.epoch > 10);
  assert.equal((await readStamp(checkpointDir(out, spec.id)))?.epoch, result.epoch);
});
