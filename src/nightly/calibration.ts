/**
 * The calibration benchmark: a fixed tfjs matMul loop timed in the nightly process right before and
 * right after the runs. Nightly speed is tracked as seconds per epoch divided by its time, since
 * absolute times on a shared machine are not stable.
 */
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { blasMatMulLibrary, useBlasMatMul } from "../blas/wasm_matmul.ts";
import type { RunEnv } from "../report/schema.ts";
import type { Calibration } from "./baseline.ts";
import { median } from "../util/stats.ts";

/** Size and repetitions of the benchmark; changing them invalidates recorded baselines. */
export const CALIBRATION = { size: 256, matMuls: 40, repeats: 5 } as const;

/** Name recorded in baselines, so a changed benchmark is noticed. */
export function calibrationName(backend: string): string {
  const { size, matMuls } = CALIBRATION;
  return `matmul-${size}x${size}x${matMuls}-${backend}`;
}

/**
 * Times the benchmark on `backend` (default: wasm; selected through `selectBackend` unless it is
 * the active one already) and returns the median seconds of one repetition. On wasm it always
 * times the stock (XNNPACK, one thread) kernels, also while the matrix products of the runs go to
 * the system BLAS: a yardstick of the machine that stays steady on a busy one, where BLAS's short
 * products were measured to vary 4x between calls. Leaves no tensors behind.
 */
export async function calibrate(backend: RunEnv["backend"] = "wasm"): Promise<Calibration> {
  if (tf.getBackend() !== backend) await selectBackend(backend);
  const { size, matMuls, repeats } = CALIBRATION;
  const a = tf.randomUniform([size, size], -1, 1, "float32", 1);
  const b = tf.randomUniform([size, size], -1, 1, "float32", 2);
  const times: number[] = [];
  const blas = blasMatMulLibrary();
  if (backend === "wasm") useBlasMatMul(null);
  try {
    for (let r = 0; r <= repeats; r++) {
      const t0 = performance.now();
      for (let i = 0; i < matMuls; i++) {
        const c = tf.matMul(a, b);
        await c.data();
        c.dispose();
      }
      if (r > 0) times.push((performance.now() - t0) / 1000); // repetition 0 warms up
    }
  } finally {
    a.dispose();
    b.dispose();
    if (backend === "wasm") useBlasMatMul(blas);
  }
  return { name: calibrationName(backend), seconds: median(times) };
}

/** Combines the calibrations before and after the runs (their mean), keeping the name. */
export function combineCalibrations(before: Calibration, after: Calibration): Calibration {
  return { name: before.name, seconds: (before.seconds + after.seconds) / 2 };
}
