import assert from "node:assert/strict";
import { Hono } from "hono";
import { sampleNight } from "../../src/nightly/test_reports.ts";
import { HeartbeatHub } from "./live.ts";
import { migrate, MIGRATIONS } from "../storage/migrations.ts";
import { openNightlyStore } from "../storage/nightly_store.ts";
import { nightlyRoutes } from "./nightly_routes.ts";
import { StorageHealth } from "../storage/storage_errors.ts";
import { BodyBudget } from "./request_body.ts";
import { openStore } from "../storage/store.ts";
import { createApp } from "../app.ts";
import { DatabaseSync } from "node:sqlite";
import { makeReport } from "../../src/testing/report_factory.ts";

function appWith(path = ":memory:") {
  const deps = {
    store: openStore(":memory:"),
    hub: new HeartbeatHub(),
    token: "t0k",
    maxBodyBytes: 1e6,
    intake: { pool: null, budget: new BodyBudget() },
    health: new StorageHealth(),
    claimSuites: [],
  };
  const nightly = openNightlyStore(path);
  const app = new Hono().route("/", nightlyRoutes(deps, nightly));
  return { app, nightly, deps };
}

function post(app: Hono, body: unknown, token = "t0k") {
  return app.request("/api/nightly", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

Deno.test("POST /api/nightly stores a night once, however often it is sent", async () => {
  const { app } = appWith();
  for (let i = 0; i < 2; i++) {
    const res = await post(app, sampleNight());
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { stored: sampleNight().id, regressed: true });
  }
  const list = await (await app.request("/api/nightly")).json();
  assert.equal(list.length, 1);
  assert.equal(list[0].counts.regressed, 1);
  const back = await (await app.request(`/api/nightly/${sampleNight().id}`)).json();
  assert.deepEqual(back, sampleNight());
});

Deno.test("POST /api/nightly refuses a wrong token and a malformed night, storing nothing", async () => {
  const { app } = appWith();
  assert.equal((await post(app, sampleNight(), "nope")).status, 401);
  const bad = sampleNight();
  bad.verdicts[0]!.verdict = "fine" as "pass";
  const res = await post(app, bad);
  assert.equal(res.status, 422);
  assert.match(await res.text(), /field 'verdicts\.0\.verdict' must be one of pass, regressed/);
  assert.equal((await post(app, "{not json")).status, 400);
  assert.deepEqual(await (await app.request("/api/nightly")).json(), []);
});

Deno.test("the night page lists the regression with links to its stored runs and its history", async () => {
  const { app, deps } = appWith();
  const run = makeReport();
  deps.store.upsertReports([run]);
  const night = { ...sampleNight(), hostname: "<script>alert(1)</script>" };
  night.verdicts[0]!.runs = { "0": run.id, "1": "0123456789abcdef0123" };
  await post(app, night);
  const page = await (await app.request(`/nightly/${night.id}`)).text();
  assert.match(page, /class="k v-regressed">regressed</);
  assert.match(page, new RegExp(`<a href="/runs/${run.id}">seed 0</a>`));
  assert.doesNotMatch(page, /href="\/runs\/0123456789abcdef0123"/); // not stored here: no link
  assert.match(page, /title="run 0123456789abcdef0123, not stored in this dashboard">seed 1</);
  assert.match(
    page,
    /href="\/nightly\/history\?point=%7B%22lr%22%3A0\.1%2C%22suite%22%3A%22mlp-mnist%22%7D&#38;metric=lStar"/,
  );
  assert.ok(!page.includes("<script>alert(1)"));
  const index = await (await app.request("/nightly")).text();
  assert.match(index, /badge bad/);
  // the latest night's regression is charted on the index page
  assert.match(index, /<canvas id="nightly-chart-0" data-nightly-chart="nightly-chart-0-spec">/);
  assert.match(index, /<script src="\/static\/chart\.umd\.min\.js"><\/script>/);
  assert.equal((await app.request("/nightly/nope")).status, 404);
});

Deno.test("the history page charts each night against the baseline band", async () => {
  const { app } = appWith();
  const first = sampleNight("n1");
  const second = { ...sampleNight("n2"), startedAt: "2026-01-02T03:00:00.000Z" };
  second.verdicts[0]!.observed = 0.105;
  second.verdicts[0]!.verdict = "pass";
  second.counts = { pass: 1, regressed: 0, improved: 0, new: 0 };
  second.regressed = false;
  await post(app, first);
  await post(app, second);
  const point = first.verdicts[0]!.point;
  const url = `/nightly/history?point=${encodeURIComponent(point)}&metric=lStar`;
  const page = await (await app.request(url)).text();
  const json = /<script type="application\/json" id="nightly-chart-0-spec">(.*?)<\/script>/s.exec(
    page,
  );
  const spec = JSON.parse(json![1]!);
  const byLabel = Object.fromEntries(
    spec.data.datasets.map((d: { label: string; data: number[] }) => [d.label, d.data]),
  );
  assert.deepEqual(byLabel["lStar"], [0.2, 0.105]);
  const near = (xs: number[], want: number) => xs.every((x) => Math.abs(x - want) < 1e-12);
  assert.ok(near(byLabel["baseline + tolerance"], 0.11)); // baseline 0.1 + tolerance 0.01
  assert.ok(near(byLabel["baseline - tolerance"], 0.09));
  assert.match(page, /<script src="\/static\/chart\.umd\.min\.js"><\/script>/);
  assert.equal((await app.request("/nightly/history?point=x&metric=lStar")).status, 404);
  assert.equal((await app.request("/nightly/history?point=x")).status, 400);
});

Deno.test("nights persist in the database file and its migration runs once", async () => {
  const path = (await Deno.makeTempDir()) + "/plbench.db";
  const { app, nightly } = appWith(path);
  await post(app, sampleNight());
  nightly.close();
  const db = new DatabaseSync(path);
  assert.deepEqual(migrate(db), []);
  db.close();
  const again = openNightlyStore(path);
  assert.equal(again.listNights()[0]?.id, sampleNight().id);
  assert.deepEqual(
    again.history(sampleNight().verdicts[0]!.point, "lStar").map((h) => h.observed),
    [0.2],
  );
  again.close();
});

Deno.test("nights stored under the former nightly-only ledger survive the shared migrations", async () => {
  const path = (await Deno.makeTempDir()) + "/plbench.db";
  const first = openNightlyStore(path);
  first.upsertNight(sampleNight());
  first.close();
  const db = new DatabaseSync(path);
  db.exec(`DELETE FROM schema_migrations WHERE version >= 3;
    CREATE TABLE nightly_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
    INSERT INTO nightly_migrations VALUES (1, '2025-01-01T00:00:00Z');`);
  db.close();
  const again = openNightlyStore(path);
  assert.equal(again.listNights()[0]?.id, sampleNight().id);
  again.close();
  const check = new DatabaseSync(path);
  const ledger = check.prepare("SELECT name FROM sqlite_master WHERE name = 'nightly_migrations'");
  assert.equal(ledger.get(), undefined, "the former ledger is dropped");
  check.close();
});

Deno.test("openNightlyStore() refuses a database newer than the code", async () => {
  const path = (await Deno.makeTempDir()) + "/plbench.db";
  openNightlyStore(path).close();
  const db = new DatabaseSync(path);
  db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'now')").run();
  db.close();
  assert.throws(
    () => openNightlyStore(path),
    new RegExp(`schema version is 99, newer than this code's ${MIGRATIONS.at(-1)!.version}`),
  );
});

Deno.test("createApp() mounts the Nightly pages next to the dashboard's own", async () => {
  const app = createApp({ store: openStore(":memory:"), token: "t0k" });
  assert.equal((await post(app, sampleNight())).status, 200);
  const page = await app.request(`/nightly/${sampleNight().id}`);
  assert.equal(page.status, 200);
  assert.equal((await app.request("/static/chart.umd.min.js")).status, 200);
});

Deno.test("serve --nightly registers the job with the real Deno.cron and stops cleanly", async () => {
  const dir = await Deno.makeTempDir();
  const main = new URL("../../main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-cron",
      main,
      "serve",
      "--port",
      "0",
      "--db",
      `${dir}/p.db`,
      "--nightly",
      "0 3 * * *",
    ],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let seen = "";
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  while (!seen.includes("nightly regressions scheduled")) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  child.kill("SIGTERM");
  const status = await child.status;
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  const err = await new Response(child.stderr).text();
  assert.match(seen, /nightly regressions scheduled at "0 3 \* \* \*" \(UTC\)/, err);
  assert.equal(status.code, 0, err);
});
