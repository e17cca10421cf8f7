/**
 * Configuration keys every suite accepts, with their validation specs.
 */
import type { KeySpec } from "./run_config.ts";

/** Keys shared by all suites; a suite's `keys` spreads these and adds its own. */
export const COMMON_KEYS: Record<string, KeySpec> = {
  seed: { type: "int", min: 0, doc: "seed of the run: derives init and data order" },
  epochs: { type: "int", min: 1, doc: "number of training epochs (full passes)" },
  lr: { type: "number", exclusiveMin: 0, doc: "step size (learning rate)" },
  width: { type: "int", min: 1, doc: "hidden width (or the toy's size)" },
  window: {
    type: "string",
    pattern: /^(auto|\d+:\d+)$/,
    doc: "stable regime for the analysis: 'auto' or 'a:b' (epochs, inclusive)",
  },
  minDecades: {
    type: "number",
    min: 0,
    doc: "decades of loss gap a geometric decay verdict needs (analysis only; default 1)",
  },
};
