import assert from "node:assert/strict";
import { expandGrid } from "./grid.ts";
import { parseMessage } from "./protocol.ts";
import { workerArgs, type WorkerSpec } from "./worker.ts";
import { denoRunCommand } from "../util/program_entry.ts";
import { readReport } from "../spool/store_files.ts";
import { FAKE_PROGRAM, fakeLeastSquares } from "./testdata/fake_suites.ts";

Deno.test("a worker whose backend cannot start writes a failed report saying why, and exits 0", async () => {
  const out = await Deno.makeTempDir();
  const plan = expandGrid(fakeLeastSquares, ["epochs=2"], []);
  const cell = plan.cells[0]!;
  const spec: WorkerSpec = {
    id: cell.id,
    config: cell.config,
    sweep: {
      id: plan.sweepId,
      suite: plan.suite,
      grid: plan.axes,
      cells: 1,
      shard: { index: 0, count: 1 },
    },
    out,
    backend: "webgpu",
    dataDir: null,
    force: false,
    blasThreads: 1,
  };
  // No adapter: Direct3D 12 does not exist on Linux or macOS, Metal not on Windows.
  const none = Deno.build.os === "windows" ? "metal" : "dx12";
  const [program, ...args] = denoRunCommand(FAKE_PROGRAM, workerArgs(spec));
  const r = await new Deno.Command(program!, {
    args,
    env: { DENO_WEBGPU_BACKEND: none },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
  const messages = new TextDecoder().decode(r.stdout).split("\n").map(parseMessage);
  assert.ok(messages.some((m) => m?.t === "done" && m.status === "failed"));
  const stored = await readReport(out, cell.id);
  assert.ok(stored.kind === "ok", JSON.stringify(stored));
  assert.equal(stored.report.status, "failed");
  assert.equal(stored.report.env.backend, "webgpu");
  assert.match(
    stored.report.error ?? "",
    new RegExp(
      `^run threw: Cannot use backend 'webgpu': navigator.gpu gives no adapter \\(DENO_WEBGPU_BACKEND=${none};`,
    ),
  );
});
