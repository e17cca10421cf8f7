/**
 * Start-up says what it does: a migration of stored reports tells each step and its progress, and
 * `serve` prints them before it listens.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { migrate, MIGRATIONS } from "./migrations.ts";
import { openStore } from "./store.ts";
import { schemaOneDatabase } from "../testing/schema_one_database.ts";
import { startServedProcess } from "../testing/served_process.ts";

Deno.test("migrate() says a new database is new, and tells each migration's progress through stored reports", () => {
  const dir = Deno.makeTempDirSync();
  const lines: string[] = [];
  openStore(`${dir}/new.db`, { log: { line: (l) => lines.push(l) } }).close();
  assert.deepEqual(lines, [`new database: schema version ${MIGRATIONS.at(-1)!.version}`]);
  schemaOneDatabase(`${dir}/old.db`, 5);
  lines.length = 0;
  const db = new DatabaseSync(`${dir}/old.db`);
  const later = MIGRATIONS.filter((m) => m.version > 4).map((m) => m.version);
  assert.deepEqual(
    migrate(db, MIGRATIONS, { line: (l) => lines.push(l), progressMs: 0 }),
    [4, ...later],
  );
  db.close();
  assert.match(lines[0]!, /^migrating the database to schema version 4: reports of schema 1/);
  assert.deepEqual(
    lines.slice(1, 7).map((l) => l.replace(/ after .*/, "")),
    [0, 1, 2, 3, 4, 5].map((n) => `  ${n} of 5 (${20 * n}%)`),
  );
  assert.match(lines[7]!, /^ {2}version 4 in \d+\.\d s$/);
  // Migration 4 brought every report to the current schema: the later ones find none to rewrite.
  for (const [i, version] of later.entries()) {
    assert.match(
      lines[8 + 2 * i]!,
      new RegExp(`^migrating the database to schema version ${version}`),
    );
    assert.match(lines[9 + 2 * i]!, new RegExp(`^ {2}version ${version} in`));
  }
  assert.equal(lines.length, 8 + 2 * later.length);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("serve migrates 40 schema-1 reports before it listens and says so", async () => {
  const dir = await Deno.makeTempDir();
  const db = `${dir}/old.db`;
  schemaOneDatabase(db, 40);
  const server = await startServedProcess({ db, token: "t" });
  const lines = server.output().split("\n");
  await server.shutdown();
  const listening = lines.findIndex((l) => /dashboard on http/.test(l));
  const before = lines.slice(0, listening).join("\n");
  assert.match(
    before,
    /opening database .*old\.db \(any migration runs before the server listens\)/,
  );
  assert.match(before, /migrating the database to schema version 4/);
  assert.match(before, / {2}0 of 40 \(0%\) after 0\.\d s\n/);
  assert.match(before, / {2}40 of 40 \(100%\) after \d+\.\d s\n {2}version 4 in \d+\.\d s/);
  assert.match(before, new RegExp(`version ${MIGRATIONS.at(-1)!.version} in`));
  const check = new DatabaseSync(db);
  const left = check.prepare(
    "SELECT COUNT(*) AS n FROM report_bodies WHERE json_extract(body, '$.schema') = 1",
  ).get() as { n: number };
  check.close();
  assert.equal(left.n, 0);
  await Deno.remove(dir, { recursive: true });
});
