import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { migrate, MIGRATIONS } from "./migrations.ts";
import { openStore } from "./store.ts";
import { cachedTable } from "./table_cache.ts";
import { crossSeedTable } from "../compute/cross_seed_table.ts";
import { makeReport } from "../../src/testing/report_factory.ts";

Deno.test("cachedTable() follows writes made by another connection to the same file", () => {
  const dir = Deno.makeTempDirSync();
  const reader = openStore(`${dir}/c.db`);
  const writer = openStore(`${dir}/c.db`);
  const of = { sweep: "sweep-a", axes: ["width"] };
  writer.upsertReports(
    [0, 1].map((seed) => makeReport({ config: { seed }, summary: { plMin: seed } })),
  );
  const first = cachedTable(reader, of);
  assert.equal(first.rows[0]!.metrics.plMin!.mean, 0.5);
  assert.equal(cachedTable(reader, of), first, "unchanged database: the same table");
  writer.upsertReports([
    makeReport({ config: { seed: 2 }, summary: { plMin: 2 } }),
    makeReport({ config: { seed: 1 }, summary: { plMin: 4 } }),
    makeReport({ config: { seed: 0, width: 99 }, sweepId: "elsewhere" }),
  ]);
  const second = cachedTable(reader, of);
  assert.deepEqual(second.rows[0]!.seeds, [0, 1, 2]);
  assert.equal(second.rows[0]!.metrics.plMin!.mean, 2);
  // the incremental table equals one built from scratch
  assert.deepEqual(second, crossSeedTable(reader.tableRuns({ sweep: "sweep-a" }), ["width"]));
  // a run that moves to another sweep leaves this one
  writer.upsertReports([makeReport({ config: { seed: 2 }, sweepId: "elsewhere" })]);
  assert.deepEqual(cachedTable(reader, of).rows[0]!.seeds, [0, 1]);
  reader.close();
  writer.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("a version-1 database gains write sequence numbers when migrated", () => {
  const dir = Deno.makeTempDirSync();
  const db = new DatabaseSync(`${dir}/m.db`);
  migrate(db, MIGRATIONS.slice(0, 1));
  const insert = db.prepare(
    "INSERT INTO runs VALUES (?, 's', 'w', 'p', '{}', ?, 'complete', 1, '{}', '{}', 't', 't')",
  );
  insert.run("a", 0);
  insert.run("b", 1);
  db.close();
  const store = openStore(`${dir}/m.db`);
  assert.equal(store.lastSeq(), 2);
  assert.deepEqual(store.tableRuns({ afterSeq: 1 }).map((r) => r.id), ["b"]);
  store.upsertReports([makeReport()]);
  assert.equal(store.lastSeq(), 3);
  store.close();
  Deno.removeSync(dir, { recursive: true });
});
