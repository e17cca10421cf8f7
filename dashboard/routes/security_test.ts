import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { openStore } from "../storage/store.ts";
import { makeReport } from "../../src/testing/report_factory.ts";
import { sampleNight } from "../../src/nightly/test_reports.ts";
import { openNightlyStore } from "../storage/nightly_store.ts";
import { CONTENT_SECURITY_POLICY } from "./security.ts";

const HOST = "127.0.0.1:8080";
const EVIL = "http://evil.example";

function served(token: string | null, hosts?: string[]) {
  const store = openStore(":memory:");
  const nightly = openNightlyStore(":memory:");
  const app = createApp({ store, token, nightly, ...(hosts === undefined ? {} : { hosts }) });
  const request = (
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) =>
    app.request(`http://${init.headers?.host ?? HOST}${path}`, {
      method: init.method ?? "GET",
      headers: { host: HOST, ...init.headers },
      body: init.body,
    });
  const stored = () => ({
    runs: store.listRuns().length,
    nights: nightly.listNights().length,
  });
  return { app, request, stored };
}

const WRITES: [string, () => unknown][] = [
  ["/api/reports", () => makeReport()],
  ["/api/heartbeats", () => ({ runId: "r1", sweepId: "s", epoch: 1, epochs: 2, loss: 1 })],
  ["/api/nightly", () => sampleNight()],
];

Deno.test("without a token, a text/plain POST (what a cross-site form sends) is refused with 415 and stores nothing", async () => {
  const { request, stored } = served(null);
  for (const [path, body] of WRITES) {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", undefined]) {
      const res = await request(path, {
        method: "POST",
        headers: { ...(type === undefined ? {} : { "content-type": type }), origin: EVIL },
        body: JSON.stringify(body()),
      });
      assert.equal(res.status, 415, `${path} ${type}`);
      assert.match((await res.json()).error, /Content-Type: application\/json/);
    }
  }
  assert.deepEqual(stored(), { runs: 0, nights: 0 });
});

Deno.test("without a token, a JSON POST from a foreign Origin (or Origin: null) gets 403 and stores nothing", async () => {
  const { request, stored } = served(null);
  for (const [path, body] of WRITES) {
    for (
      const origin of [EVIL, "http://127.0.0.1:9999", "https://127.0.0.1.evil.example", "null"]
    ) {
      const res = await request(path, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify(body()),
      });
      assert.equal(res.status, 403, `${path} from ${origin}`);
      assert.match((await res.json()).error, /Cross-site write refused/);
    }
  }
  assert.deepEqual(stored(), { runs: 0, nights: 0 });
});

Deno.test("without a token, a foreign Host (DNS rebinding) gets 403 on reads and writes", async () => {
  const { request, stored } = served(null);
  const report = makeReport();
  const ok = await request("/api/reports", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(report),
  });
  assert.equal(ok.status, 200);
  for (const path of ["/", "/api/runs", `/api/runs/${report.id}`, "/static/app.js", "/nope"]) {
    const res = await request(path, { headers: { host: "evil.example:8080" } });
    assert.equal(res.status, 403, path);
    assert.match(await res.text(), /Host &#39;evil.example:8080&#39;|Host 'evil.example:8080'/);
  }
  const write = await request("/api/reports", {
    method: "POST",
    headers: {
      host: "evil.example:8080",
      origin: "http://evil.example:8080",
      "content-type": "application/json",
    },
    body: JSON.stringify(makeReport({ config: { seed: 1 } })),
  });
  assert.equal(write.status, 403);
  assert.deepEqual(stored(), { runs: 1, nights: 0 });
});

Deno.test("without a token, same-origin JSON writes and loopback or allowed Hosts are served", async () => {
  const { request, stored } = served(null, ["localhost", "127.0.0.1", "[::1]", "dash.lab"]);
  for (const [path, body] of WRITES) {
    const res = await request(path, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", origin: `http://${HOST}` },
      body: JSON.stringify(body()),
    });
    assert.equal(res.status, 200, path);
  }
  const noOrigin = await request("/api/reports", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(makeReport({ config: { seed: 2 } })),
  });
  assert.equal(noOrigin.status, 200);
  for (const host of ["localhost:8080", "[::1]:8080", "DASH.lab", "dash.lab:443"]) {
    assert.equal((await request("/api/runs", { headers: { host } })).status, 200, host);
  }
  assert.deepEqual(stored(), { runs: 2, nights: 1 });
});

Deno.test("with a token, cross-site writes without it get 401 and writes with it work as before", async () => {
  const { request, stored } = served("s3cret");
  for (const [path, body] of WRITES) {
    const res = await request(path, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: EVIL, host: "evil.example" },
      body: JSON.stringify(body()),
    });
    assert.equal(res.status, 401, path);
  }
  assert.deepEqual(stored(), { runs: 0, nights: 0 });
  const res = await request("/api/reports", {
    method: "POST",
    headers: { authorization: "Bearer s3cret", "content-type": "text/plain", origin: EVIL },
    body: JSON.stringify(makeReport()),
  });
  assert.equal(res.status, 200);
  assert.equal((await request("/", { headers: { host: "evil.example" } })).status, 200);
  assert.deepEqual(stored(), { runs: 1, nights: 0 });
});

Deno.test("every answer carries the CSP, nosniff and frame-ancestors 'none'", async () => {
  const { request } = served(null);
  for (
    const [path, status] of [
      ["/", 200],
      ["/nightly", 200],
      ["/api/runs", 200],
      ["/static/app.css", 200],
      ["/runs/nope", 404],
      ["/api/runs?limit=x", 400],
    ] as const
  ) {
    const res = await request(path);
    await res.body?.cancel();
    assert.equal(res.status, status, path);
    assert.equal(res.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY, path);
    assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
  }
  const refused = await request("/", { headers: { host: "evil.example" } });
  assert.equal(refused.status, 403);
  assert.equal(refused.headers.get("x-content-type-options"), "nosniff");
});

Deno.test("pages carry no inline script or style", async () => {
  const { request } = served(null);
  const report = makeReport({ grid: { width: [8], seed: [0] } });
  await request("/api/reports", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(report),
  });
  await request("/api/nightly", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(sampleNight()),
  });
  const night = encodeURIComponent(sampleNight().id);
  const paths = ["/", "/sweeps/sweep-a", "/sweeps/sweep-a/table", "/sweeps/sweep-a/heatmap"];
  paths.push(`/runs/${report.id}`, "/nightly", `/nightly/${night}`, "/claims");
  for (const path of paths) {
    const res = await request(path);
    assert.equal(res.status, 200, path);
    const page = await res.text();
    assert.doesNotMatch(
      page,
      /<style|style="|<script(?![^>]*(src="\/static\/|type="application\/json"))/,
      path,
    );
    assert.doesNotMatch(page, /\son[a-z]+="/, path);
  }
});

Deno.test("the paper report keeps its own CSP (embedded scripts by hash) with frame-ancestors 'none'", async () => {
  const { request } = served(null);
  const res = await request("/report");
  await res.body?.cancel();
  assert.equal(res.status, 200);
  const csp = res.headers.get("content-security-policy") ?? "";
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
});
