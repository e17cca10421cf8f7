import assert from "node:assert/strict";
import { eventReader } from "../testing/event_reader.ts";
import { createApp } from "../app.ts";
import { HeartbeatHub, MAX_PENDING, MAX_RUNNING, parseHeartbeat } from "./live.ts";
import { openStore } from "../storage/store.ts";
import { makeReport } from "../../src/testing/report_factory.ts";

Deno.test("parseHeartbeat() names the bad field", () => {
  assert.throws(
    () => parseHeartbeat({ runId: "r", sweepId: "s", epoch: -1, epochs: 3, loss: 1 }),
    /field 'epoch' must be a whole number from 0 to 1000000, got -1/,
  );
  assert.throws(() => parseHeartbeat({ runId: "r", sweepId: "s", epoch: 1, epochs: 3 }), /'loss'/);
  const base = { runId: "r", sweepId: "s", epoch: 1, epochs: 3, loss: 1 };
  assert.throws(() => parseHeartbeat({ ...base, suite: "" }), /field 'suite' must be a non-empty/);
  assert.throws(
    () => parseHeartbeat({ ...base, cells: 0 }),
    /field 'cells' must be a whole number from 1 to/,
  );
  const full = parseHeartbeat({ ...base, suite: "mlp-mnist", cells: 12 });
  assert.deepEqual([full.suite, full.cells], ["mlp-mnist", 12]);
  assert.deepEqual([parseHeartbeat(base).suite, parseHeartbeat(base).cells], [null, null]);
});

Deno.test("a sweep with running cells and no stored report is listed and has a page until its first report", async () => {
  const store = openStore(":memory:");
  const app = createApp({ store, token: "t" });
  const headers = { authorization: "Bearer t", "content-type": "application/json" };
  const post = (path: string, body: unknown) =>
    app.request(path, { method: "POST", headers, body: JSON.stringify(body) });
  const beat = { sweepId: "sweep-a", epochs: 10, suite: "mlp-mnist", cells: 3 };
  assert.equal(
    (await post("/api/heartbeats", { ...beat, runId: "r1", epoch: 3, loss: 0.5 })).status,
    200,
  );
  await post("/api/heartbeats", { ...beat, runId: "r2", epoch: 1, loss: 0.75 });
  const api = await (await app.request("/api/sweeps")).json();
  assert.deepEqual(api.sweeps, []);
  assert.deepEqual(
    api.pending.map((p: { sweepId: string; suite: string; cells: number; running: unknown[] }) => [
      p.sweepId,
      p.suite,
      p.cells,
      p.running.length,
    ]),
    [["sweep-a", "mlp-mnist", 3, 2]],
  );
  const list = await (await app.request("/")).text();
  assert.match(list, /Started, no report stored yet/);
  assert.match(list, /href="\/sweeps\/sweep-a">sweep-a<\/a>/);
  const page = await app.request("/sweeps/sweep-a");
  assert.equal(page.status, 200);
  const text = await page.text();
  assert.match(text, /<meta http-equiv="refresh" content="5">/);
  assert.match(text, /<td class="k">r1<\/td>\s*<td>3<\/td>\s*<td>10<\/td>\s*<td>0\.5<\/td>/);
  await post("/api/reports", makeReport({ config: { seed: 0 } }));
  const after = await (await app.request("/sweeps/sweep-a")).text();
  assert.doesNotMatch(after, /http-equiv="refresh"/);
  assert.match(after, /Cross-seed table/);
  assert.deepEqual((await (await app.request("/api/sweeps")).json()).pending, []);
  assert.equal((await app.request("/sweeps/never-seen")).status, 404);
  store.close();
});

Deno.test("HeartbeatHub keeps the latest beat per run and forgets ingested runs", () => {
  const hub = new HeartbeatHub();
  const at = new Date();
  hub.post(parseHeartbeat({ runId: "a", sweepId: "s", epoch: 1, epochs: 9, loss: 1 }, at));
  hub.post(parseHeartbeat({ runId: "a", sweepId: "s", epoch: 2, epochs: 9, loss: 0.5 }, at));
  hub.post(parseHeartbeat({ runId: "b", sweepId: "t", epoch: 1, epochs: 9, loss: 1 }, at));
  assert.deepEqual(hub.active("s").map((b) => b.epoch), [2]);
  hub.ingested(["s"], ["a"]);
  assert.deepEqual(hub.active("s"), []);
  assert.equal(hub.active("t", at.getTime() + 11 * 60 * 1000).length, 0, "stale beats expire");
});

Deno.test("the sweep event stream pushes progress and heartbeats as they are posted", async () => {
  const store = openStore(":memory:");
  const app = createApp({ store, token: "t" });
  const headers = { authorization: "Bearer t", "content-type": "application/json" };
  const post = (path: string, body: unknown) =>
    app.request(path, { method: "POST", headers, body: JSON.stringify(body) });
  await post("/api/reports", makeReport({ config: { seed: 0 } }));
  const res = await app.request("/api/sweeps/sweep-a/events");
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  const events = eventReader(res);
  assert.deepEqual(await events.next(), {
    event: "progress",
    data: { counts: { complete: 1, diverged: 0, failed: 0 }, cells: 3 },
  });
  assert.deepEqual(await events.next(), { event: "heartbeats", data: [] });
  const beat = { runId: "r1", sweepId: "sweep-a", epoch: 3, epochs: 10, loss: 0.25 };
  assert.equal((await post("/api/heartbeats", beat)).status, 200);
  const beats = await events.next();
  assert.equal(beats.event, "beats");
  const delta = beats.data as { set: { runId: string; epoch: number }[]; gone: string[] };
  assert.deepEqual(delta.set.map((b) => [b.runId, b.epoch]), [["r1", 3]]);
  assert.deepEqual(delta.gone, []);
  await post("/api/reports", makeReport({ config: { seed: 1 }, status: "diverged" }));
  assert.deepEqual(await events.next(), {
    event: "progress",
    data: { counts: { complete: 1, diverged: 1, failed: 0 }, cells: 3 },
  });
  await events.cancel();
  store.close();
});

Deno.test("the hub remembers at most MAX_RUNNING cells and lists at most MAX_PENDING sweeps", () => {
  const hub = new HeartbeatHub();
  const at = new Date().toISOString();
  for (let i = 0; i < MAX_RUNNING + 50; i++) {
    const beat = { runId: `r${i}`, sweepId: `s${i}`, epoch: 1, epochs: 2, loss: 1 };
    hub.post({ ...beat, suite: null, cells: null, at });
  }
  assert.deepEqual(hub.active("s0"), [], "the oldest heartbeats are forgotten");
  assert.equal(hub.active(`s${MAX_RUNNING + 49}`).length, 1);
  let asked = 0;
  const pending = hub.pending(() => (asked++, false));
  assert.equal(pending.length, MAX_PENDING);
  assert.equal(asked, MAX_PENDING, "one store lookup per listed sweep");
});
