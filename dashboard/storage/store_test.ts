import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { migrate, MIGRATIONS } from "./migrations.ts";
import { openStore } from "./store.ts";
import { makeReport } from "../../src/testing/report_factory.ts";

Deno.test("openStore() migrates a new file once, in WAL mode, and keeps reports across reopen", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/s.db`;
  const store = openStore(path);
  store.upsertReports([makeReport(), makeReport({ config: { seed: 1 } })]);
  store.close();
  const again = openStore(path);
  assert.equal(again.listRuns().length, 2);
  again.close();
  const db = new DatabaseSync(path);
  const mode = db.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
  assert.equal(mode.journal_mode, "wal");
  const versions = db.prepare("SELECT version FROM schema_migrations").all() as {
    version: number;
  }[];
  assert.deepEqual(versions.map((v) => v.version), MIGRATIONS.map((m) => m.version));
  assert.deepEqual(migrate(db), [], "nothing left to apply");
  db.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("migrate() refuses a database newer than the code", () => {
  const db = new DatabaseSync(":memory:");
  migrate(db);
  db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'now')").run();
  assert.throws(
    () => migrate(db),
    new RegExp(`schema version is 99, newer than this code's ${MIGRATIONS.at(-1)!.version}`),
  );
  db.close();
});

Deno.test("upsertReports() stores nothing when one report of a batch cannot be written", () => {
  const store = openStore(":memory:");
  const broken = makeReport({ config: { seed: 1 } });
  (broken as { sweep: unknown }).sweep = { ...broken.sweep, cells: undefined };
  assert.throws(() => store.upsertReports([makeReport(), broken]));
  assert.equal(store.listRuns().length, 0);
  store.close();
});

Deno.test("listRuns() filters by sweep, status and grid point", () => {
  const store = openStore(":memory:");
  store.upsertReports([
    makeReport({ config: { seed: 0, width: 8 } }),
    makeReport({ config: { seed: 1, width: 8 }, status: "failed" }),
    makeReport({ config: { seed: 0, width: 16 }, sweepId: "other" }),
  ]);
  assert.equal(store.listRuns({ sweep: "sweep-a" }).length, 2);
  assert.equal(store.listRuns({ status: "failed" })[0]!.seed, 1);
  const point = store.listRuns({ sweep: "sweep-a" })[0]!.pointId;
  assert.equal(store.listRuns({ point }).length, 2);
  assert.deepEqual(store.listSweeps().map((s) => s.id).sort(), ["other", "sweep-a"]);
  store.close();
});

Deno.test("a store holding schema-1 reports rewrites them as schema 2 once, losing nothing", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/s.db`;
  const v1 = JSON.parse(
    await Deno.readTextFile(
      new URL("../../fixtures/reports/schema1-mlp-mnist.json", import.meta.url),
    ),
  );
  // a database written before schema 2: the v1 body and summary as a sweep stored them then
  const store = openStore(path);
  store.upsertReports([makeReport()]);
  store.close();
  const db = new DatabaseSync(path);
  db.prepare(`INSERT INTO runs (id, suite, sweep_id, point_id, point_config, seed, status, params,
    config, summary, finished_at, ingested_at, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`).run(
    v1.id,
    v1.suite,
    v1.sweep.id,
    "p",
    "{}",
    0,
    "complete",
    v1.params,
    JSON.stringify(v1.config),
    JSON.stringify(v1.summary),
    v1.finishedAt,
    v1.finishedAt,
    7,
  );
  db.prepare("INSERT INTO report_bodies VALUES (?, ?)").run(v1.id, JSON.stringify(v1));
  db.prepare("DELETE FROM schema_migrations WHERE version = 4").run();
  db.close();
  const upgraded = openStore(path);
  const report = upgraded.getReport(v1.id)!;
  assert.equal(report.schema, 2);
  assert.deepEqual(report.series, v1.series);
  assert.equal(report.summary.decay?.model, "undetermined");
  assert.equal(report.summary.plMin, v1.summary.plMin);
  const run = upgraded.listRuns().find((r) => r.id === v1.id)!;
  assert.equal(run.summary.decayWindow?.model, "linear");
  assert.ok(upgraded.lastSeq() > 7, "a new write sequence number: cached tables refresh");
  upgraded.close();
  Deno.removeSync(dir, { recursive: true });
});
