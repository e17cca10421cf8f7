/**
 * The configuration keys of the sharpness probe (src/hessian/), shared by the suites that train
 * networks: how often lambda_max of the loss's Hessian is taken, how many Hessian-vector products a
 * probe may spend, and how many Hutchinson probes estimate its trace. They are optional keys: a
 * cell's config has them only when given (so adding them kept every cell's id), and a run without
 * them takes the suite's schedule (the NTK probes' `probeEvery` for the MLPs) and the budget below.
 */
import type { KeySpec } from "./run_config.ts";

/** The keys with their validation specs. */
export const HESSIAN_KEYS: Record<string, KeySpec> = {
  hessianEvery: {
    type: "int",
    min: 0,
    doc: "sharpness lambda_max(Hessian) by Lanczos every this many epochs, plus the first and " +
      "last (0 = none; not set: the suite's schedule, the NTK probes' probeEvery for the MLPs)",
  },
  hessianIters: {
    type: "int",
    min: 1,
    max: 500,
    doc: "most Hessian-vector products per sharpness probe (not set: 20; Lanczos stops earlier " +
      "once its residual is 1e-3 of the estimate)",
  },
  hessianTraceProbes: {
    type: "int",
    min: 0,
    max: 1000,
    doc:
      "Hutchinson probes of the Hessian's trace at each sharpness probe (not set or 0: no trace)",
  },
};

/**
 * The budget of a run that does not set it: at most 20 products a probe, no trace. Measured at
 * w = 128, n = 2000 (the default sweep): a cold start meets the residual rule in 3 products and a
 * warm one in 2 (at most 4 over a 3,000-epoch run).
 */
export const HESSIAN_DEFAULTS = { hessianIters: 20, hessianTraceProbes: 0 };
