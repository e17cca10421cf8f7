/**
 * One test per way a probe of the dashboard once broke it (a served dashboard on a real SQLite
 * file, reports from the report factory), each written from that probe's reproduction: the request
 * is now refused with a 4xx naming what is wrong, nothing is stored, and the pages still answer.
 * Where the failure was a page breaking on stored data, the same data is also written straight into
 * the database (as a database filled before ingest checked every field would hold it) and the
 * pages must still answer.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { parse } from "@std/csv/parse";
import { createApp } from "./app.ts";
import { openStore, type Store } from "./storage/store.ts";
import { openNightlyStore } from "./storage/nightly_store.ts";
import { makeReport } from "../src/testing/report_factory.ts";
import { sampleNight } from "../src/nightly/test_reports.ts";
import type { NightReport } from "../src/nightly/night_report.ts";
import { MAX_COMPARE_POINTS } from "./routes/compare_routes.ts";
import { pointId } from "../src/sweep/grid_point.ts";
import { SUITES } from "../suites/mod.ts";

const HOST = "127.0.0.1:8080";

function served() {
  const dir = Deno.makeTempDirSync({ prefix: "plbench-hostile-" });
  const path = `${dir}/d.db`;
  const store = openStore(path);
  const calls = { pointReports: 0 };
  // The real store, counting how often the runs of a grid point are read.
  const counted = new Proxy(store, {
    get(target, name) {
      if (name === "pointReports") calls.pointReports++;
      const v = Reflect.get(target, name);
      return typeof v === "function" ? v.bind(target) : v;
    },
  }) as Store;
  const nightly = openNightlyStore(path);
  const app = createApp({ store: counted, nightly, token: null, claimSuites: SUITES });
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.request(`http://${HOST}${url}`, { headers: { host: HOST, ...headers } });
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`http://${HOST}${url}`, {
      method: "POST",
      headers: { host: HOST, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const sql = (text: string, ...args: (string | number)[]) => {
    const db = new DatabaseSync(path);
    db.prepare(text).run(...args);
    db.close();
  };
  const done = () => {
    store.close();
    nightly.close();
    Deno.removeSync(dir, { recursive: true });
  };
  return { store, nightly, calls, get, post, sql, done };
}

async function expectStatus(res: Response | Promise<Response>, status: number, what: string) {
  const r = await res;
  const text = await r.text();
  assert.equal(r.status, status, `${what}: ${text.slice(0, 300)}`);
  return text;
}

/** Every page and export of a sweep answers 200. */
async function sweepPagesAnswer(get: (url: string) => Response | Promise<Response>, sweep: string) {
  const s = encodeURIComponent(sweep);
  for (
    const url of [
      "/",
      `/sweeps/${s}`,
      `/sweeps/${s}/table`,
      `/api/table.csv?sweep=${s}`,
      `/api/table.tex?sweep=${s}`,
      `/api/table?sweep=${s}`,
      `/api/sweeps/${s}`,
      "/api/sweeps",
      "/api/runs",
    ]
  ) await expectStatus(get(url), 200, url);
}

Deno.test('1. a grid axis that is 8, "8", null, {} or nested 3,000 deep is refused (422 naming it) and / still answers', async () => {
  const { get, post, sql, store, done } = served();
  await expectStatus(post("/api/reports", makeReport()), 200, "a good report");
  const deep = "[".repeat(3000) + "]".repeat(3000);
  for (const axis of ["8", '"8"', "null", "{}", deep]) {
    const text = JSON.stringify(makeReport({ config: { seed: 1 } })).replace(
      '"grid":{"seed":[0,1,2]}',
      `"grid":{"width":${axis},"seed":[0,1,2]}`,
    );
    const body = await expectStatus(post("/api/reports", text), 422, `axis ${axis.slice(0, 10)}`);
    assert.match(JSON.parse(body).error, /field 'sweep\.grid\.width(\[0\])*' must be/);
  }
  assert.equal(store.listRuns().length, 1);
  await sweepPagesAnswer(get, "sweep-a");
  // The same grids as a database written before they were refused holds them.
  for (const grid of ['{"width":8}', '{"width":"8"}', '{"width":null}', '{"width":{}}']) {
    sql("UPDATE sweeps SET grid = ? WHERE id = 'sweep-a'", grid);
    await sweepPagesAnswer(get, "sweep-a");
  }
  sql("UPDATE sweeps SET grid = ? WHERE id = 'sweep-a'", `{"width":${deep}}`);
  await sweepPagesAnswer(get, "sweep-a");
  done();
});

Deno.test("2. a config value nested 3,000 deep in a report of an existing sweep is refused and the sweep's pages answer", async () => {
  const { get, post, sql, store, done } = served();
  const grid = { width: [8, 16], seed: [0, 1] };
  const good = [makeReport({ grid }), makeReport({ grid, config: { width: 16 } })];
  await expectStatus(post("/api/reports", good), 200, "good");
  const deep = "[".repeat(3000) + "1" + "]".repeat(3000);
  const text = JSON.stringify(makeReport({ config: { seed: 1, extra: "DEEP" } })).replace(
    '"extra":"DEEP"',
    `"extra":${deep}`,
  );
  const body = await expectStatus(post("/api/reports", text), 422, "deep config value");
  assert.match(JSON.parse(body).error, /field 'config\.extra(\[0\])*' must be nested at most 8/);
  assert.equal(store.listRuns().length, 2);
  await sweepPagesAnswer(get, "sweep-a");
  await expectStatus(get("/sweeps/sweep-a/heatmap"), 200, "heatmap");
  // The same value as an older database holds it: in one run's config and its grid point, which
  // the table sorts and shows beside the other point's.
  const value = `{"epochs":4,"extra":${deep},"lr":0.1,"suite":"toy","width":8}`;
  sql(
    "UPDATE runs SET point_config = ?, config = ?, seq = (SELECT MAX(seq) + 1 FROM runs) " +
      "WHERE rowid = 1",
    value,
    value,
  );
  await sweepPagesAnswer(get, "sweep-a");
  await expectStatus(get("/sweeps/sweep-a/heatmap"), 200, "heatmap of the old database");
  done();
});

Deno.test("3. a night whose point is not JSON, or without notes, calibration, shard, seconds or counts, is refused with 422", async () => {
  const { get, post, nightly, done } = served();
  const cases: [string, (n: Record<string, unknown>) => void, RegExp][] = [
    [
      "point",
      (n) => ((n.verdicts as { point: string }[])[0]!.point = "oops"),
      /verdicts\.0\.point/,
    ],
    ["notes", (n) => delete n.notes, /'notes'/],
    ["calibration", (n) => delete n.calibration, /'calibration'/],
    ["shard", (n) => delete n.shard, /'shard'/],
    ["seconds", (n) => delete n.seconds, /'seconds'/],
    ["counts", (n) => delete n.counts, /'counts'/],
  ];
  for (const [what, change, field] of cases) {
    const night = sampleNight() as unknown as Record<string, unknown>;
    change(night);
    const body = await expectStatus(post("/api/nightly", night), 422, what);
    assert.match(JSON.parse(body).error, field);
  }
  assert.deepEqual(nightly.listNights(), []);
  await expectStatus(get("/nightly"), 200, "/nightly");
  // The same nights as an older database holds them: the list still answers, a broken night's
  // page says what is wrong with it.
  const oops = sampleNight("oops");
  oops.verdicts[0]!.point = "oops";
  nightly.upsertNight(oops);
  const bare = sampleNight("bare") as Partial<NightReport>;
  delete bare.notes;
  delete bare.calibration;
  nightly.upsertNight(bare as NightReport);
  await expectStatus(get("/nightly"), 200, "/nightly with old nights");
  await expectStatus(get("/nightly/oops"), 409, "a night whose point is not JSON");
  const page = await expectStatus(get("/nightly/bare"), 409, "a night without notes");
  assert.match(page, /does not match the night report format/);
  done();
});

Deno.test("4. without a token, a text/plain POST from another origin is refused and a foreign Host cannot read", async () => {
  const { get, post, store, done } = served();
  const res = post("/api/reports", makeReport(), {
    "content-type": "text/plain",
    origin: "http://evil.example",
  });
  await expectStatus(res, 415, "text/plain from evil.example");
  assert.equal(store.listRuns().length, 0);
  await expectStatus(get("/api/runs", { host: "evil.example:8080" }), 403, "rebound Host");
  done();
});

Deno.test("5. compare takes each grid point once and at most 8 of them", async () => {
  const { get, post, calls, done } = served();
  const reports = Array.from(
    { length: MAX_COMPARE_POINTS + 1 },
    (_, i) => makeReport({ config: { width: 8 + i } }),
  );
  await expectStatus(post("/api/reports", reports), 200, "reports");
  const one = pointId(reports[0]!.config);
  const copies = Array.from({ length: 200 }, () => `point=${one}`).join("&");
  const body = await expectStatus(get(`/api/compare?sweep=sweep-a&${copies}`), 400, "copies");
  assert.match(JSON.parse(body).error, new RegExp(`'point' names '${one}' more than once`));
  const long = Array.from({ length: 2000 }, () => `point=${one}`).join("&");
  assert.ok(long.length > 40_000);
  const longBody = await expectStatus(get(`/api/compare?sweep=sweep-a&${long}`), 400, "long");
  assert.match(JSON.parse(longBody).error, /query string is 46013 characters long/);
  assert.equal(calls.pointReports, 0, "copies of one point are refused before any read");
  await expectStatus(get(`/sweeps/sweep-a/compare?${copies}`), 400, "the page");
  await expectStatus(get(`/sweeps/sweep-a/compare?point=${one}`), 200, "the point once");
  calls.pointReports = 0;
  const all = reports.map((r) => `point=${pointId(r.config)}`).join("&");
  calls.pointReports = 0;
  const refused = await expectStatus(get(`/api/compare?sweep=sweep-a&${all}`), 400, "too many");
  assert.match(JSON.parse(refused).error, /'point' is given more than 8 times/);
  assert.equal(calls.pointReports, 0, "a refused comparison reads nothing");
  done();
});

Deno.test("6. a sweep id with NUL or a lone surrogate is refused (422 naming sweep.id) and nothing is stored", async () => {
  const { post, store, done } = served();
  for (const id of ["sw\u0000x", "sw\ud800x", "sw\udfffx"]) {
    const body = await expectStatus(post("/api/reports", makeReport({ sweepId: id })), 422, id);
    assert.match(JSON.parse(body).error, /field 'sweep\.id' must be/);
  }
  const report = makeReport();
  report.notes = ["a\ud800"];
  const notes = await expectStatus(post("/api/reports", report), 422, "a lone surrogate in notes");
  assert.match(JSON.parse(notes).error, /field 'notes\[0\]' must be well-formed Unicode/);
  assert.equal(store.listRuns().length, 0);
  assert.deepEqual(store.listSweeps(), []);
  done();
});

Deno.test("7. /api/runs with a limit or offset past what it serves answers 400 naming it", async () => {
  const { get, done } = served();
  for (const name of ["limit", "offset"]) {
    for (const value of ["99999999999999999999", "-1", "1e3", "1.5", "x"]) {
      const body = await expectStatus(get(`/api/runs?${name}=${value}`), 400, `${name}=${value}`);
      assert.match(JSON.parse(body).error, new RegExp(`Query parameter '${name}' must be a whole`));
    }
  }
  await expectStatus(get("/api/runs?limit=10000&offset=999999999999999"), 200, "the largest");
  done();
});

Deno.test("8. a sweep with no complete run has no heatmap link, and every link of its pages answers", async () => {
  const { get, post, done } = served();
  const failed = makeReport({ status: "failed", grid: { width: [8], seed: [0] } });
  await expectStatus(post("/api/reports", failed), 200, "a failed run");
  for (const page of ["/", "/sweeps/sweep-a"]) {
    const html = await expectStatus(get(page), 200, page);
    assert.doesNotMatch(html, /\/heatmap"/, `${page} links a heatmap`);
    for (const [, href] of html.matchAll(/href="(\/[^"]*)"/g)) {
      await expectStatus(get(href!.replaceAll("&#38;", "&")), 200, `${page} -> ${href}`);
    }
  }
  await post("/api/reports", makeReport({ grid: { width: [8], seed: [0] }, config: { seed: 1 } }));
  assert.match(await expectStatus(get("/"), 200, "/"), /\/sweeps\/sweep-a\/heatmap"/);
  await expectStatus(get("/sweeps/sweep-a/heatmap"), 200, "its heatmap, now linked");
  done();
});

Deno.test("9. negative or 1e308 epochs and widths and 1e400 are refused, CSV cells cannot run, pages carry the CSP", async () => {
  const { get, post, store, done } = served();
  for (const [key, value] of [["epochs", -1], ["epochs", 1e308], ["width", -8], ["width", 1e308]]) {
    const report = makeReport({ config: { [key!]: value } });
    const body = await expectStatus(post("/api/reports", report), 422, `${key}=${value}`);
    assert.match(JSON.parse(body).error, new RegExp(`field 'config\\.${key}' must be a whole`));
  }
  const overflow = JSON.stringify(makeReport()).replace('"params":100', '"params":1e400');
  const body = await expectStatus(post("/api/reports", overflow), 422, "1e400");
  assert.match(JSON.parse(body).error, /field 'params' must be a finite number, got Infinity/);
  assert.equal(store.listRuns().length, 0);
  const formula = makeReport({
    grid: { act: ["=cmd|' /C calc'!A0"] },
    config: { act: "=cmd|' /C calc'!A0" },
    summary: { plMin: -0.5 },
  });
  await expectStatus(post("/api/reports", formula), 200, "a report with a formula-like value");
  const csv = await expectStatus(get("/api/table.csv?sweep=sweep-a"), 200, "CSV");
  const [row] = parse(csv, { skipFirstRow: true }) as Record<string, string>[];
  assert.equal(row!.act, "'=cmd|' /C calc'!A0");
  assert.equal(row!.plMin_mean, "-0.5");
  const page = await get("/sweeps/sweep-a");
  assert.match(page.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
  assert.equal(page.headers.get("x-content-type-options"), "nosniff");
  await page.body?.cancel();
  done();
});
