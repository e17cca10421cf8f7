/**
 * The CNN run's NTK probe: the empirical kernel of the model's outputs on a fixed subset of k
 * inputs (a kC x kC kernel, C outputs) by the generic per-sample path, its extremal eigenvalues in
 * float64 and its spectral distance to the kernel at initialisation.
 */
import type * as tf from "@tensorflow/tfjs";
import { perSampleNtk } from "../src/ntk/per_sample_ntk.ts";
import { kernelSpectrum } from "../src/linalg/spectrum.ts";
import { symmetricDistance, symmetricEigenvalues } from "../src/linalg/sym_eigen.ts";
import type { NtkSeries } from "../src/report/schema.ts";
import type { CnnModel } from "../src/model/cnn.ts";

/** Records probes into an NtkSeries; keeps K_0 on the host for the kernel shift. */
export class NtkProbe {
  readonly series: NtkSeries;
  /** Wall-clock seconds of each probe (kernel + eigenvalues). */
  readonly seconds: number[] = [];
  #k0: Float32Array | null = null;

  constructor(readonly inputs: tf.Tensor, k: number) {
    this.series = {
      epoch: [],
      lambdaMin: [],
      lambdaMax: [],
      kernelShift: [],
      drift: [],
      k,
      belowNoiseFloor: [],
    };
  }

  /** Probes the kernel of `model` at `epoch`, where the parameter drift is `drift`. */
  async probe(model: CnnModel, epoch: number, drift: number): Promise<void> {
    const started = performance.now();
    const kernel = perSampleNtk(model, this.inputs);
    const n = kernel.shape[0];
    const data = (await kernel.data()) as Float32Array;
    kernel.dispose();
    const spectrum = kernelSpectrum(symmetricEigenvalues({ n, data }));
    if (this.#k0 === null) this.#k0 = data;
    const shift = symmetricDistance({ n, data }, { n, data: this.#k0 });
    const s = this.series;
    s.epoch.push(epoch);
    s.lambdaMin.push(spectrum.lambdaMin);
    s.lambdaMax.push(spectrum.lambdaMax);
    s.kernelShift.push(shift);
    s.drift.push(drift);
    s.belowNoiseFloor.push(spectrum.belowNoiseFloor);
    this.seconds.push((performance.now() - started) / 1000);
  }
}
