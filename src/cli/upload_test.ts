/**
 * Uploads against the real dashboard app (served on 127.0.0.1): a sweep with the dashboard down,
 * then `upload` once it is up; a sweep uploading as it goes, with heartbeats.
 */
import assert from "node:assert/strict";
import { createApp } from "../../dashboard/app.ts";
import { openStore } from "../../dashboard/storage/store.ts";
import { main } from "../../main.ts";
import { realDeps, recorder } from "./testdata/deps.ts";
import { uploadCommand } from "./upload_command.ts";
import { MAX_BATCH_BYTES, postReports } from "../report/upload.ts";
import { makeReport } from "../testing/report_factory.ts";

const TOKEN = "test-token";
const GRID = [
  "--suite",
  "mlp-mnist",
  ...["width=8", "epochs=3", "trainSize=64", "ntkK=16"].flatMap((s) => ["--set", s]),
  ...["lr=0.001,0.002", "seed=0,1"].flatMap((g) => ["--grid", g]),
  "--no-db",
];

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** The real dashboard on `port`, counting the report ids and heartbeats it is sent. */
function dashboard(port: number) {
  const store = openStore(":memory:");
  const app = createApp({ store, token: TOKEN });
  const posted: string[] = [];
  let heartbeats = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (req.method === "POST" && path === "/api/reports") {
      const body = await req.clone().json();
      for (const r of Array.isArray(body) ? body : [body]) posted.push(r.id);
    }
    if (req.method === "POST" && path === "/api/heartbeats") heartbeats++;
    return app.fetch(req);
  });
  return {
    store,
    posted,
    heartbeats: () => heartbeats,
    async close() {
      await server.shutdown();
      store.close();
    },
  };
}

Deno.test("with the dashboard down the sweep goes on, and upload later brings every report in once", async () => {
  const out = await Deno.makeTempDir();
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const deps = realDeps({ PLBENCH_TOKEN: TOKEN });
  assert.equal(await main([...GRID, "--out", out, "--upload", url, "--jobs", "2"], deps), 0);
  assert.match(deps.out.text(), /4 cells expected, 4 complete/);
  assert.match(deps.out.text(), /run deno task upload --out/);
  const board = dashboard(port);
  try {
    const log = recorder();
    assert.equal(
      await uploadCommand(["--out", out, "--upload", url], { PLBENCH_TOKEN: TOKEN }, log),
      0,
    );
    assert.match(log.text(), /4 reports in .*: 0 already on the dashboard, 4 sent, 0 not sent/);
    assert.equal(board.store.listRuns({ suite: "mlp-mnist" }).length, 4);
    assert.equal(new Set(board.posted).size, 4);
    assert.equal(board.posted.length, 4);
    const again = recorder();
    assert.equal(
      await uploadCommand(["--out", out, "--upload", url], { PLBENCH_TOKEN: TOKEN }, again),
      0,
    );
    assert.match(again.text(), /4 already on the dashboard, 0 sent/);
    assert.equal(board.posted.length, 4);
  } finally {
    await board.close();
  }
});

Deno.test("a sweep with --upload posts each report once, sends heartbeats, and resumes from the dashboard", async () => {
  const out = await Deno.makeTempDir();
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const board = dashboard(port);
  try {
    const deps = realDeps({ PLBENCH_TOKEN: TOKEN });
    assert.equal(await main([...GRID, "--out", out, "--upload", url, "--jobs", "2"], deps), 0);
    assert.match(deps.out.text(), /uploaded 4 reports to/);
    assert.deepEqual(board.posted.length, 4);
    assert.equal(new Set(board.posted).size, 4);
    assert.ok(board.heartbeats() >= 4, `only ${board.heartbeats()} heartbeats`);
    assert.equal(board.store.listRuns({ suite: "mlp-mnist", status: "complete" }).length, 4);
    const elsewhere = await Deno.makeTempDir();
    const rerun = realDeps({ PLBENCH_TOKEN: TOKEN });
    assert.equal(await main([...GRID, "--out", elsewhere, "--upload", url], rerun), 0);
    assert.match(rerun.out.text(), /0 to run, 4 already done/);
    assert.equal(board.posted.length, 4);
  } finally {
    await board.close();
  }
});

Deno.test("upload refuses a wrong token with the dashboard's message and exit 1", async () => {
  const out = await Deno.makeTempDir();
  const one = GRID.map((a) => a === "seed=0,1" ? "seed=0" : a);
  assert.equal(await main([...one, "--out", out], realDeps()), 0);
  const port = freePort();
  const board = dashboard(port);
  try {
    const log = recorder();
    const code = await uploadCommand(["--out", out, "--upload", `http://127.0.0.1:${port}`], {
      PLBENCH_TOKEN: "wrong",
    }, log);
    assert.equal(code, 1);
    assert.match(log.text(), /upload failed: HTTP 401/);
    assert.equal(board.store.listRuns({}).length, 0);
  } finally {
    await board.close();
  }
});

Deno.test("a batch whose JSON is over the dashboard's body limit is sent in parts that fit, all stored", async () => {
  const port = freePort();
  const board = dashboard(port);
  try {
    const loss = Array.from({ length: 90_000 }, (_, t) => 1 / (1 + t) + 1e-9 * Math.sin(t));
    const reports = [0, 1, 2].map((seed) =>
      makeReport({ config: { seed, epochs: loss.length - 1 }, loss })
    );
    const total = reports.reduce((n, r) => n + JSON.stringify(r).length, 0);
    assert.ok(total > MAX_BATCH_BYTES, `${total} bytes in the batch`);
    const sent = await postReports({ url: `http://127.0.0.1:${port}`, token: TOKEN }, reports);
    assert.deepEqual(sent, { ok: true });
    assert.equal(board.store.listRuns({}).length, 3);
    assert.deepEqual(board.store.getReport(reports[2]!.id)!.series.loss, loss);
  } finally {
    await board.close();
  }
});
