/**
 * The CNN run's NTK probe: the empirical kernel of the model's outputs on a fixed subset of k
 * inputs (a kC x kC kernel, C outputs) by the generic per-sample path, its extremal eigenvalues in
 * float64 and its spectral distance to the kernel at initialisation.
 */
import type * as tf from "@tensorflow/tfjs";
import { perSampleNtk } from "../src/ntk/per_sample_ntk.ts";
import { emptyNtkSeries, KernelRecord, subsetKernelSolver } from "../src/ntk/ntk_tracker.ts";
import type { NtkSeries } from "../src/report/schema.ts";
import type { CnnModel } from "../src/model/cnn.ts";

/** Records probes into an NtkSeries; keeps K_0 on the host for the kernel shift. */
export class NtkProbe {
  /** Wall-clock seconds of each probe (kernel + eigenvalues). */
  readonly seconds: number[] = [];
  #record: KernelRecord | null = null;
  readonly #solver = subsetKernelSolver();

  constructor(readonly inputs: tf.Tensor, readonly k: number) {}

  /** The eigensolver used, for the report's notes. */
  get solverName(): string {
    return this.#solver.name;
  }

  /** The probes so far (the kernel is kC x kC for C outputs; `k` counts inputs). */
  get series(): NtkSeries {
    return this.#record?.series ?? emptyNtkSeries(this.k);
  }

  /** Probes the kernel of `model` at `epoch`, where the parameter drift is `drift`. */
  async probe(model: CnnModel, epoch: number, drift: number): Promise<void> {
    const started = performance.now();
    const kernel = perSampleNtk(model, this.inputs);
    const n = kernel.shape[0];
    const data = Float64Array.from(await kernel.data());
    kernel.dispose();
    this.#record ??= new KernelRecord(n, this.#solver.solve, this.k);
    if (!this.#record.add(epoch, data, drift, model.params)) {
      throw new RangeError(`Cannot probe the NTK at epoch ${epoch}: the kernel is not finite`);
    }
    this.seconds.push((performance.now() - started) / 1000);
  }
}
