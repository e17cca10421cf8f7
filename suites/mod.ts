/**
 * The suite registry: every suite of plbench, by static import. Add a suite with one import line
 * and one entry in SUITES.
 */
import type { Suite } from "./suite.ts";

/** Every suite, in `--list` order. */
export const SUITES: readonly Suite[] = [];
