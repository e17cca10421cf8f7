/**
 * Keys the closed-form toys share (lemniscate, semilocal, logistic, lazy-scaling), declared once.
 */
import { int, num } from "../src/suite/keys.ts";

/** GD steps per recorded epoch, with the suite's default. */
export function stepsPerEpochKey<D extends number>(defaultSteps: D) {
  return int("GD steps per recorded epoch", { min: 1, default: defaultSteps });
}

/** The output scale alpha of the lazy-training suites (lazy-scaling, lazy-scaling-mlp). */
export const alphaKey = num("output scale: the model is alpha f", { exclusiveMin: 0, default: 1 });
