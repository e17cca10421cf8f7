/**
 * The configuration keys of the sharpness probe (src/hessian/), shared by the suites that train
 * networks: how often lambda_max of the loss's Hessian is taken, how many Hessian-vector products a
 * probe may spend, and how many Hutchinson probes estimate its trace.
 */
import type { KeySpec } from "./run_config.ts";

/** The keys with their validation specs. */
export const HESSIAN_KEYS: Record<string, KeySpec> = {
  hessianEvery: {
    type: "int",
    min: 0,
    doc: "sharpness lambda_max(Hessian) by Lanczos every this many epochs, plus the first and " +
      "last (0 = none)",
  },
  hessianIters: {
    type: "int",
    min: 1,
    max: 500,
    doc: "most Hessian-vector products per sharpness probe (Lanczos stops earlier once its " +
      "residual is 1e-3 of the estimate)",
  },
  hessianTraceProbes: {
    type: "int",
    min: 0,
    max: 1000,
    doc: "Hutchinson probes of the Hessian's trace at each sharpness probe (0 = no trace)",
  },
};

/**
 * The defaults: every 10 epochs (the NTK probe schedule of the MLP suites), at most 20 products a
 * probe, no trace. Measured at w = 128, n = 2000 (the default sweep): a cold start meets the
 * residual rule in about 5 products and a warm one in 2 to 4.
 */
export const HESSIAN_DEFAULTS = { hessianEvery: 10, hessianIters: 20, hessianTraceProbes: 0 };
