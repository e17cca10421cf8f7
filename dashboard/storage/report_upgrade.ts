/**
 * Reports stored at an older report schema are brought to the current one inside the database,
 * once, by a migration (migrations.ts): each body is read through `validateReport`, which
 * summarises an older report again from its series (src/spool/upgrade.ts), and the body and the
 * run's summary column are rewritten, with a new write sequence number so that cached cross-seed
 * tables pick the change up. A body that cannot be read is left as it was.
 */
import type { DatabaseSync } from "node:sqlite";
import { validateReport } from "../../src/spool/validate.ts";
import { REPORT_SCHEMA } from "../../src/report/schema.ts";

/**
 * Rewrites every stored report of an older schema as the current one, one body in memory at a
 * time, telling `progress` after each; returns how many were rewritten.
 */
export function upgradeStoredReports(
  db: DatabaseSync,
  progress: (done: number, total: number) => void = () => {},
): number {
  const ids = db.prepare(
    "SELECT id FROM report_bodies WHERE json_extract(body, '$.schema') < ?",
  ).all(REPORT_SCHEMA) as { id: string }[];
  const bodyOf = db.prepare("SELECT body FROM report_bodies WHERE id = ?");
  const seq = db.prepare("SELECT COALESCE(MAX(seq), 0) AS seq FROM runs").get() as { seq: number };
  const setBody = db.prepare("UPDATE report_bodies SET body = ? WHERE id = ?");
  const setRun = db.prepare("UPDATE runs SET summary = ?, seq = ? WHERE id = ?");
  let next = seq.seq;
  let count = 0;
  if (ids.length > 0) progress(0, ids.length);
  ids.forEach(({ id }, i) => {
    const { body } = bodyOf.get(id) as { body: string };
    let report;
    try {
      report = validateReport(JSON.parse(body));
    } catch {
      progress(i + 1, ids.length);
      return; // unreadable: kept as stored, nothing lost
    }
    setBody.run(JSON.stringify(report), id);
    setRun.run(JSON.stringify(report.summary), ++next, id);
    count++;
    progress(i + 1, ids.length);
  });
  return count;
}
