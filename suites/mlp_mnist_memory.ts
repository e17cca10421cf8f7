/**
 * The peak memory of an mlp-mnist cell (and of the suites that run it: width-ablation,
 * init-compare), from its config: the MLP model of src/model/mlp_memory.ts at the cell's width,
 * depth, training-set size and probes, and the key to lower for its largest part.
 */
import type { MlpConfig } from "./mlp_mnist.ts";
import type { CellMemory } from "../src/suite/suite.ts";
import { OFFICIAL_3V8_COUNTS } from "../src/data/binary_task.ts";
import { mlpMemoryEstimate } from "../src/model/mlp_memory.ts";

/** MNIST's training images file: 60,000 images of 28 x 28 bytes and a 16-byte header. */
export const MNIST_TRAIN_IMAGE_BYTES = 60_000 * 784 + 16;

/** Samples of two classes of a 60,000-image IDX set (the whole set of a `--data-dir` at trainSize=0). */
const TWO_CLASSES_OF_60K = 12_000;

/** The training-set size a config asks for (0: every sample of the two digits). */
export function samplesOf(trainSize: number, dataDir: unknown): number {
  if (trainSize > 0) return trainSize;
  return dataDir === undefined
    ? OFFICIAL_3V8_COUNTS[0] + OFFICIAL_3V8_COUNTS[1]
    : TWO_CLASSES_OF_60K;
}

/** What to lower for the largest part of an MLP estimate. */
function shrinkFor(parts: Record<string, number>, fullNtk: boolean): string {
  const [largest] = Object.entries(parts).sort((a, b) => b[1] - a[1])[0]!;
  if (largest === "kernels" && fullNtk) return "trainSize or set fullNtk=false";
  if (largest === "data") return "trainSize";
  return "width or trainSize";
}

/** What the estimate reads of a cell's config. */
export type MlpSize = Pick<
  MlpConfig,
  "width" | "depth" | "trainSize" | "probeEvery" | "ntkK" | "fullNtk" | "dataDir"
>;

/**
 * The estimated peak memory of an mlp-mnist-style cell on `backend`.
 *
 * @example mlpMnistMemory(mlpMnistSuite.config(), "blas").bytes // about 340 MiB
 */
export function mlpMnistMemory(config: MlpSize, backend: string): CellMemory {
  const n = samplesOf(config.trainSize, config.dataDir);
  const fullNtk = config.fullNtk === true;
  const estimate = mlpMemoryEstimate({
    n,
    inputDim: 784,
    width: config.width,
    depth: config.depth,
    probeK: config.probeEvery > 0 ? config.ntkK : 0,
    fullNtk,
    fileBytes: MNIST_TRAIN_IMAGE_BYTES,
    explicitTransposes: backend === "wasm" || backend === "cpu",
  });
  return { ...estimate, shrink: shrinkFor(estimate.parts, fullNtk) };
}
