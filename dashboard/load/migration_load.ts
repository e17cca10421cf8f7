/**
 * `migration`: a database holding N reports of report schema 1 (copies of the fixture with their
 * own ids), as a dashboard stored them before schema 2; then the server is started on it and
 * timed until it listens, with every line it printed before.
 */
import { schemaOneDatabase } from "../testing/schema_one_database.ts";
import { type LoadOptions, withServer } from "./load_client.ts";

/** Runs the scenario; returns the figure lines. */
export async function migrationScenario(
  options: LoadOptions & { reports: number },
): Promise<string[]> {
  let t0 = 0;
  return await withServer({
    ...options,
    prepare: (db) => {
      schemaOneDatabase(db, options.reports);
      t0 = performance.now();
    },
  }, (server) => {
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    const lines = server.output().split("\n");
    const before = lines.slice(0, lines.findIndex((l) => /dashboard on http/.test(l)));
    return Promise.resolve([
      `${options.reports} schema-1 reports: listening after ${seconds} s, ${before.length} lines ` +
      "printed before:",
      ...before.map((l) => `  | ${l}`),
    ]);
  });
}
