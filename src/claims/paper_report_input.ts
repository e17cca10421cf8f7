/**
 * What the paper reproduction report is built from: `deno task claims --report` gathers it from
 * report folders, the dashboard's `/report` from its store; the report itself is drawn by
 * dashboard/routes/paper_report.ts, handed to the command by main.ts.
 */
import type { Report } from "../report/schema.ts";
import type { SweepClaims } from "./evaluate.ts";

/** The reports, their sweeps' judged claims, and where they came from. */
export interface PaperReportInput {
  reports: readonly Report[];
  sweeps: readonly SweepClaims[];
  /** Where the reports came from, in words (folders, a dashboard). */
  source: string;
  generatedAt: string;
}
