/**
 * The suite registry the end-to-end nightly test hands its worker processes: one exact toy, so the
 * test does not depend on which suites the full registry holds.
 */
import type { Suite } from "../../config/suite.ts";
import { lemniscateSuite } from "../../../suites/lemniscate.ts";

/** The suites of the test. */
export const SUITES: readonly Suite[] = [lemniscateSuite];
