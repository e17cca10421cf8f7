/**
 * What a suite is: a typed plain object with defaults, grid axes, key specs, the qualitative
 * expectations the papers state, and a run function that trains one cell.
 */
import type { Claim } from "../claims/claim.ts";
import type { GridSuite, MemorySuite, RunnableSuite } from "../sweep/sweep_suite.ts";

export type { CellMemory } from "../sweep/sweep_suite.ts";

export type { Heartbeat, RunContext, RunOutcome } from "../report/run_outcome.ts";

/**
 * A claim of the papers a suite's results should meet: the sentence, its source, and the check
 * that judges it on a sweep's reports (src/claims/claim.ts).
 */
export type Expectation = Claim;

/**
 * A suite: one file in suites/, listed in suites/mod.ts. Grid expansion reads its name, defaults,
 * keys, grid, extra cells and config check (`GridSuite`), a worker calls its run function
 * (`RunnableSuite`), the capacity planner its memory estimate (`MemorySuite`).
 */
export interface Suite extends GridSuite, RunnableSuite, MemorySuite {
  /** One line for `--list`. */
  description: string;
  expectations: Expectation[];
  /**
   * A line the sweep prints once before running when the data differ from what the suite's name
   * promises (e.g. a fallback dataset without `--data-dir`); null or absent when there is nothing
   * to say. Workers' own output is not shown on the terminal, so this is where such news goes.
   */
  dataNotice?(dataDir: string | null): string | null;
  /**
   * Checks, once before any cell runs, that `dataDir` holds the files the suite reads; throws
   * naming the missing or unreadable file. Absent: the suite reads no data folder, and the sweep
   * refuses `--data-dir`.
   */
  checkData?(dataDir: string): Promise<void>;
}
