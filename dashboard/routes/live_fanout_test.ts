/**
 * Heartbeat fan-out, from the probe's reproduction: with 5,000 running cells and 100 viewers each
 * heartbeat sent every viewer the whole running list (1.4 MB). Now a sweep keeps at most
 * MAX_RUNNING_PER_SWEEP cells, viewers get what changed at most once per FLUSH_MS, a slow viewer
 * holds one pending event, and viewers past MAX_VIEWERS are refused.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { openStore } from "../storage/store.ts";
import { makeReport } from "../../src/testing/report_factory.ts";
import { eventReader } from "../testing/event_reader.ts";
import { HeartbeatHub, MAX_RUNNING_PER_SWEEP, parseHeartbeat } from "./live.ts";
import { FLUSH_MS, LiveFanout, MAX_VIEWERS } from "./live_fanout.ts";

const beat = (i: number, epoch = 1) =>
  parseHeartbeat({ runId: `run-${i}`, sweepId: "sweep-a", epoch, epochs: 100, loss: 0.5 });

Deno.test("100 viewers of a sweep with 5,000 running cells get its latest 1,000, then only what changed, merged per second", async () => {
  const store = openStore(":memory:");
  const hub = new HeartbeatHub();
  const app = createApp({ store, token: "t", hub });
  const headers = { authorization: "Bearer t", "content-type": "application/json" };
  await app.request("/api/reports", {
    method: "POST",
    headers,
    body: JSON.stringify(makeReport()),
  });
  for (let i = 0; i < 5000; i++) hub.post(beat(i));
  assert.equal(hub.active("sweep-a").length, MAX_RUNNING_PER_SWEEP);
  assert.equal(hub.active("sweep-a")[0]!.runId, "run-4000", "the latest cells are kept");
  const viewers = await Promise.all(
    Array.from(
      { length: 100 },
      async () => eventReader(await app.request("/api/sweeps/sweep-a/events")),
    ),
  );
  for (const v of viewers) {
    assert.equal((await v.next()).event, "progress");
    const first = await v.next();
    assert.equal(first.event, "heartbeats");
    assert.equal((first.data as unknown[]).length, MAX_RUNNING_PER_SWEEP);
  }
  const t0 = performance.now();
  for (let k = 0; k < 10; k++) {
    const res = await app.request("/api/heartbeats", {
      method: "POST",
      headers,
      body: JSON.stringify({
        runId: `run-${4990 + k}`,
        sweepId: "sweep-a",
        epoch: 2,
        epochs: 100,
        loss: 0.25,
      }),
    });
    assert.equal(res.status, 200);
  }
  for (const v of viewers) {
    const next = await v.next();
    assert.equal(next.event, "beats");
    const { set, gone } = next.data as { set: { runId: string; epoch: number }[]; gone: string[] };
    assert.deepEqual(
      set.map((b) => b.runId).sort(),
      Array.from({ length: 10 }, (_, k) => `run-${4990 + k}`),
    );
    assert.ok(set.every((b) => b.epoch === 2));
    assert.deepEqual(gone, []);
    assert.ok(JSON.stringify(next.data).length < 3000, "a delta, not the 1,000-cell list");
  }
  assert.ok(performance.now() - t0 >= FLUSH_MS * 0.9, "merged into one event per flush");
  await Promise.all(viewers.map((v) => v.cancel()));
  store.close();
});

Deno.test("a viewer still writing skips deltas and gets the whole list once it has caught up", async () => {
  const hub = new HeartbeatHub();
  const fanout = new LiveFanout(hub);
  const sent: [string, unknown][] = [];
  let release = () => {};
  const leave = fanout.join("sweep-a", (event, data) => {
    sent.push([event, JSON.parse(data)]);
    return new Promise<void>((resolve) => release = resolve);
  });
  assert.deepEqual(sent, [["heartbeats", []]]);
  hub.post(beat(1));
  await new Promise((r) => setTimeout(r, FLUSH_MS + 100));
  hub.post(beat(2));
  await new Promise((r) => setTimeout(r, FLUSH_MS + 100));
  assert.equal(sent.length, 1, "nothing queued while the first event is written");
  release();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(sent.length, 2);
  assert.equal(sent[1]![0], "heartbeats");
  assert.deepEqual((sent[1]![1] as { runId: string }[]).map((b) => b.runId), ["run-1", "run-2"]);
  release();
  leave!();
  assert.equal(fanout.viewers, 0);
});

Deno.test("past MAX_VIEWERS event streams a new viewer is refused with 503 until one leaves", async () => {
  const store = openStore(":memory:");
  const app = createApp({ store, token: "t" });
  store.upsertReports([makeReport()]);
  const open = [];
  for (let i = 0; i < MAX_VIEWERS; i++) {
    const res = await app.request("/api/sweeps/sweep-a/events");
    assert.equal(res.status, 200);
    const reader = eventReader(res);
    await reader.next();
    open.push(reader);
  }
  const refused = await app.request("/api/sweeps/sweep-a/events");
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get("retry-after"), "30");
  assert.match((await refused.json()).error, /200 live viewers are connected, the most/);
  await open.pop()!.cancel();
  await new Promise((r) => setTimeout(r, 50));
  const again = await app.request("/api/sweeps/sweep-a/events");
  assert.equal(again.status, 200);
  await again.body?.cancel();
  await Promise.all(open.map((r) => r.cancel()));
  store.close();
});
