/**
 * A database as a dashboard filled it before report schema 2: copies of the schema-1 fixture with
 * their own ids, the migrations from 4 on (which rewrite stored reports) not yet applied (the
 * migration tests and load script start from it).
 */
import { DatabaseSync } from "node:sqlite";
import { openStore } from "../storage/store.ts";

const FIXTURE = new URL("../../fixtures/reports/schema1-mlp-mnist.json", import.meta.url);

/** Writes `n` schema-1 reports into a fresh database at `path`, migration 4 not yet applied. */
export function schemaOneDatabase(path: string, n: number): void {
  openStore(path).close();
  const v1 = JSON.parse(Deno.readTextFileSync(FIXTURE));
  const db = new DatabaseSync(path);
  const run = db.prepare(`INSERT INTO runs (id, suite, sweep_id, point_id, point_config, seed,
    status, params, config, summary, finished_at, ingested_at, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const body = db.prepare("INSERT INTO report_bodies VALUES (?, ?)");
  db.exec("BEGIN");
  for (let i = 0; i < n; i++) {
    const id = (BigInt(`0x${v1.id}`) + BigInt(i)).toString(16).padStart(v1.id.length, "0");
    const report = { ...v1, id };
    run.run(
      id,
      v1.suite,
      v1.sweep.id,
      "p",
      "{}",
      i,
      "complete",
      v1.params,
      JSON.stringify(v1.config),
      JSON.stringify(v1.summary),
      v1.finishedAt,
      v1.finishedAt,
      i + 1,
    );
    body.run(id, JSON.stringify(report));
  }
  db.exec("DELETE FROM schema_migrations WHERE version >= 4");
  db.exec("COMMIT");
  db.close();
}
