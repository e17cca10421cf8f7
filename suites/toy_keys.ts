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

/** A toy's sharpness schedule when `hessianEvery` is not set: every 10 recorded epochs. */
export const TOY_HESSIAN_EVERY = 10;

/**
 * How often a toy takes its sharpness (dense Hessian by differences of its gradient); optional,
 * so the toys' cells kept their ids.
 */
export const hessianEveryKey = int(
  "sharpness lambda_max(Hessian) every this many recorded epochs, plus the first and last " +
    `(0 = none; not set: ${TOY_HESSIAN_EVERY})`,
  { min: 0 },
);
