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

Deno.test("a store holding schema-1 and schema-2 reports rewrites them as schema 3 once, losing nothing", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/s.db`;
  const fixture = async (name: string) =>
    JSON.parse(
      await Deno.readTextFile(new URL(`../../fixtures/reports/${name}`, import.meta.url)),
    );
  const v1 = await fixture("schema1-mlp-mnist.json");
  const v2 = await fixture("schema2-mlp-mnist.json");
  // a database written before schema 3: the old bodies and summaries as a sweep stored them then
  const store = openStore(path);
  store.upsertReports([makeReport()]);
  store.close();
  const db = new DatabaseSync(path);
  [v1, v2].forEach((old, i) => {
    db.prepare(`INSERT INTO runs (id, suite, sweep_id, point_id, point_config, seed, status, params,
      config, summary, finished_at, ingested_at, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`).run(
      `${old.id.slice(0, 19)}${i}`,
      old.suite,
      old.sweep.id,
      "p",
      "{}",
      0,
      "complete",
      old.params,
      JSON.stringify(old.config),
      JSON.stringify(old.summary),
      old.finishedAt,
      old.finishedAt,
      7,
    );
    db.prepare("INSERT INTO report_bodies VALUES (?, ?)").run(
      `${old.id.slice(0, 19)}${i}`,
      JSON.stringify({ ...old, id: `${old.id.slice(0, 19)}${i}` }),
    );
  });
  db.prepare("DELETE FROM schema_migrations WHERE version IN (4, 5)").run();
  db.close();
  const upgraded = openStore(path);
  for (const [i, old] of [v1, v2].entries()) {
    const id = `${old.id.slice(0, 19)}${i}`;
    const report = upgraded.getReport(id)!;
    assert.equal(report.schema, 3);
    assert.deepEqual(report.series, old.series);
    assert.equal(report.summary.decay?.model, "undetermined");
    assert.equal(report.summary.plMin, old.summary.plMin);
    assert.equal(report.summary.plVerdict, "inconclusive");
    const run = upgraded.listRuns().find((r) => r.id === id)!;
    assert.equal(run.summary.plVerdict, "inconclusive");
  }
  assert.ok(upgraded.lastSeq() > 7, "a new write sequence number: cached tables refresh");
  upgraded.close();
  Deno.removeSync(dir, { recursive: true });
});
