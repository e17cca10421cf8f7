/**
 * Big bodies, from the probe's reproduction: the body limit was 4x the value limit, so 59 MiB
 * bodies were read and parsed whole only to be refused, and 50 concurrent 15 MiB uploads held
 * 2.3 GiB while pages failed. Now a body is held to one stored value plus framing and refused
 * having read at most that; bodies held at once stay within a budget; big ones are parsed on a
 * worker thread.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { openStore } from "../storage/store.ts";
import { makeReport } from "../../src/testing/report_factory.ts";
import { STORED_VALUE_LIMITS } from "../../src/report/bounded_json.ts";
import { ParsePool } from "./parse_pool.ts";
import { BodyBudget, MAX_WRITE_BYTES } from "./request_body.ts";

const MiB = 1024 * 1024;

/** A body of `bytes` bytes (a JSON array of numbers) made as it is read; counts what was read. */
function countedBody(bytes: number) {
  const chunk = new TextEncoder().encode("0.1234567890123,".repeat(4096)); // 64 KiB
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode("["));
      if (sent >= bytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
  return { stream, read: () => sent };
}

Deno.test("the write limit is one stored value plus framing, no longer four", () => {
  assert.equal(MAX_WRITE_BYTES, STORED_VALUE_LIMITS.size + 64 * 1024);
});

Deno.test("a 59 MiB body is refused with 413 having read at most the limit, declared or streamed", async () => {
  const store = openStore(":memory:");
  const app = createApp({ store, token: "t" });
  const auth = { authorization: "Bearer t", "content-type": "application/json" };
  for (const path of ["/api/reports", "/api/nightly", "/api/heartbeats"]) {
    const streamed = countedBody(59 * MiB);
    const res = await app.request(path, { method: "POST", headers: auth, body: streamed.stream });
    assert.equal(res.status, 413, path);
    assert.match((await res.json()).error, /Request body too large: the limit is \d+ bytes/);
    assert.ok(streamed.read() <= MAX_WRITE_BYTES + 64 * 1024, `${path} read ${streamed.read()}`);
    const declared = countedBody(59 * MiB);
    const early = await app.request(path, {
      method: "POST",
      headers: { ...auth, "content-length": String(59 * MiB) },
      body: declared.stream,
    });
    assert.equal(early.status, 413);
    assert.match((await early.json()).error, /got 61865984 \(Content-Length\)/);
    assert.ok(declared.read() <= 64 * 1024, "a declared length past the limit is not read");
  }
  const unauthorized = countedBody(59 * MiB);
  const res = await app.request("/api/reports", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: unauthorized.stream,
  });
  assert.equal(res.status, 401);
  assert.ok(unauthorized.read() <= 64 * 1024, "no token, nothing read");
  assert.equal(store.listRuns().length, 0);
  store.close();
});

Deno.test("concurrent 15 MiB uploads within a two-body budget are parsed on a worker and stored whole", async () => {
  const dir = await Deno.makeTempDir();
  const store = openStore(`${dir}/d.db`);
  const pool = new ParsePool(1);
  const app = createApp({
    store,
    token: "t",
    parsePool: pool,
    bodyBudgetBytes: 2 * MAX_WRITE_BYTES,
  });
  const epochs = 200_000;
  const loss = Array.from({ length: epochs }, (_, t) => 1 / (1 + t) + 1e-9 * Math.sin(t));
  const reports = [0, 1, 2, 3].map((seed) =>
    makeReport({ config: { seed, epochs: epochs - 1 }, loss })
  );
  const bodies = reports.map((r) => JSON.stringify(r));
  assert.ok(bodies[0]!.length > 14 * MiB && bodies[0]!.length < 16 * MiB, `${bodies[0]!.length}`);
  const answers = await Promise.all(bodies.map((body) =>
    app.request("/api/reports", {
      method: "POST",
      headers: { authorization: "Bearer t", "content-length": String(body.length) },
      body,
    })
  ));
  assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200]);
  assert.equal(pool.offloaded, 4, "every big body parsed on the worker");
  const stored = store.getReport(reports[3]!.id)!;
  assert.deepEqual(stored.series.loss, loss);
  const small = await app.request("/api/reports", {
    method: "POST",
    headers: { authorization: "Bearer t" },
    body: JSON.stringify(makeReport({ config: { seed: 9 } })),
  });
  assert.equal(small.status, 200);
  assert.equal(pool.offloaded, 4, "a small body is parsed inline");
  pool.close();
  store.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("BodyBudget lets reservations past its room wait, first come first served", async () => {
  const budget = new BodyBudget(100);
  const a = await budget.reserve(60);
  const order: string[] = [];
  const b = budget.reserve(60).then((free) => (order.push("b"), free));
  const c = budget.reserve(30).then((free) => (order.push("c"), free));
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(order, [], "c waits behind b although it would fit");
  a();
  (await b)();
  (await c)();
  assert.deepEqual(order, ["b", "c"]);
  assert.equal(budget.peak, 90);
});

Deno.test("with a database file the worker stores big reports itself, on its own connection", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/d.db`;
  const store = openStore(path);
  const pool = new ParsePool(1, path);
  const app = createApp({ store, token: "t", parsePool: pool });
  const loss = Array.from({ length: 20_000 }, (_, t) => 1 / (1 + t));
  const report = makeReport({ config: { epochs: loss.length - 1 }, loss });
  const post = () =>
    app.request("/api/reports", {
      method: "POST",
      headers: { authorization: "Bearer t" },
      body: JSON.stringify(report),
    });
  const res = await post();
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { stored: 1, ids: [report.id] });
  assert.equal(pool.offloaded, 1);
  assert.deepEqual(store.getReport(report.id)!.series.loss, loss, "written by the worker");
  pool.close();
  store.close();
  await Deno.remove(dir, { recursive: true });
});
