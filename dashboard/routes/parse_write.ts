/**
 * A posted write's body turned into what the stores take, as a pure function of its text, so that
 * it runs on a worker thread for big bodies (parse_pool.ts) and inline for small ones: reports
 * validated (all or nothing) and prepared as row texts, or a night validated. A refusal is a value
 * (status and message), not an exception, so it crosses threads as it is.
 */
import { ReportError, validateReport } from "../../src/spool/validate.ts";
import {
  type NightReport,
  NightReportError,
  validateNightReport,
} from "../../src/nightly/night_report.ts";
import { type PreparedReport, prepareReport } from "../storage/prepared_report.ts";

/** What a write posts: reports (one or an array) or a night. */
export type WriteKind = "reports" | "night";

/**
 * A body ready to store, or why it is refused. Reports come with their ids and sweeps, and their
 * row texts (null once a worker has stored them itself: parse_pool.ts).
 */
export type ParsedWrite =
  | { ok: true; kind: "reports"; ids: string[]; sweepIds: string[]; rows: PreparedReport[] | null }
  | { ok: true; kind: "night"; night: NightReport }
  | { ok: false; status: 400 | 422; message: string };

function refused(status: 400 | 422, message: string): ParsedWrite {
  return { ok: false, status, message };
}

/** Parses and checks the text of a posted body of `kind`. */
export function parseWrite(kind: WriteKind, text: string): ParsedWrite {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return refused(400, `Request body is not valid JSON: ${(e as Error).message}`);
  }
  if (kind === "night") {
    try {
      return { ok: true, kind, night: validateNightReport(body) };
    } catch (e) {
      if (!(e instanceof NightReportError)) throw e;
      return refused(422, `${e.message}; nothing was stored`);
    }
  }
  const batch = Array.isArray(body);
  const items: unknown[] = Array.isArray(body) ? body : [body];
  if (items.length === 0) return refused(400, "Expected a report or a non-empty array of reports");
  const rows: PreparedReport[] = [];
  for (const [i, item] of items.entries()) {
    try {
      rows.push(prepareReport(validateReport(item)));
    } catch (e) {
      if (!(e instanceof ReportError)) throw e;
      const where = batch ? `reports[${i}]: ` : "";
      return refused(422, `${where}${e.message}; nothing of this request was stored`);
    }
  }
  return {
    ok: true,
    kind,
    ids: rows.map((r) => r.id),
    sweepIds: [...new Set(rows.map((r) => r.sweepId))],
    rows,
  };
}
