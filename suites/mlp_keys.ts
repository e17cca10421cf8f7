/**
 * The keys of the binary-MNIST MLP, declared once for the suites that train it (mlp-mnist,
 * width-ablation, init-compare, lazy-scaling-mlp).
 */
import { bool, int, num, oneOf } from "../src/suite/keys.ts";
import { ACTIVATIONS } from "../src/model/activation.ts";

/** Hidden layers of the MLP: four and a scalar output, paper 004's "five affine layers". */
export const depthKey = int("number of hidden layers", { min: 1, max: 64, default: 4 });

/** The training-set size N of MNIST 3 vs 8, with the suite's default. */
export function mnistTrainSizeKey<D extends number>(defaultSize: D) {
  return int(
    "N: the first ceil(N/2) threes and floor(N/2) eights of the training file (0 = all)",
    { min: 0, default: defaultSize },
  );
}

/**
 * The MLP's keys besides the common ones (`probeKeys` adds `probeSeed`), with mlp-mnist's defaults
 * and where each comes from (paper 004 Section 6.1 unless said otherwise).
 */
export const MLP_KEYS = {
  depth: depthKey,
  init: oneOf(
    ["he", "depth-scaled-he"],
    "weight init: He (Kaiming normal, fan-in) or He with the variance divided by depth",
    { default: "he" },
  ),
  initScale: num("extra multiplier of every weight variance", { exclusiveMin: 0, default: 1 }),
  outputScale: num("alpha: the model output is alpha f(x)", { exclusiveMin: 0, default: 1 }),
  // not set: Softplus (004); paper 001 used ReLU (suite mlp-mnist-001)
  activation: oneOf(
    ACTIVATIONS,
    "hidden-layer activation: softplus (paper 004; the default when not set) or relu (paper 001)",
  ),
  // 3 is +1, 8 is -1 (004: digits 3 vs 8; the labels' values are plbench's)
  labels: oneOf(["pm1", "01"], "targets: +1/-1 or 1/0 (3 is +1 or 1)", { default: "pm1" }),
  // plbench's choices: trainSize, probeEvery and ntkK (004's values lost; 001 states no count)
  trainSize: mnistTrainSizeKey(2000),
  probeEvery: int("subset NTK every this many epochs (0 = none)", { min: 0, default: 10 }),
  ntkK: int("probe inputs of the subset NTK (drawn from the training set by probeSeed)", {
    min: 1,
    default: 128,
  }),
  fullNtk: bool("also the full-data NTK at the first and last epoch", { default: true }),
};
