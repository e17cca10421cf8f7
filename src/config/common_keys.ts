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

/**
 * Keys every suite that probes the NTK accepts besides COMMON_KEYS. Like `minDecades`, they are in
 * no suite's defaults, so a cell that leaves them out keeps the id it had before they existed.
 */
export const PROBE_KEYS: Record<string, KeySpec> = {
  probeSeed: {
    type: "int",
    min: 0,
    max: 0xffffffff, // the probe draw's generator has 32 bits of state
    doc: "seed of the NTK probe inputs, drawn from the training set alone (default 0), so a " +
      "network is probed on the same inputs in every sweep",
  },
};
