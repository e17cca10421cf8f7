/**
 * The suite registry: every suite of plbench, by static import. Add a suite with one import line
 * and one entry in SUITES.
 */
import type { Suite } from "../src/suite/suite.ts";
import { mlpMnistSuite } from "./mlp_mnist.ts";
import { mlpMnist001Suite } from "./mlp_mnist_001.ts";
import { lemniscateSuite } from "./lemniscate.ts";
import { semilocalSuite } from "./semilocal.ts";
import { logisticSuite } from "./logistic.ts";
import { lazyScalingSuite } from "./lazy_scaling.ts";
import { initCompareSuite } from "./init_compare.ts";
import { lazyScalingMlpSuite } from "./lazy_scaling_mlp.ts";
import { widthAblationSuite } from "./width_ablation.ts";
import { cnnCifar5Suite } from "./cnn_cifar5.ts";

/** Every suite, in `--list` order. */
export const SUITES: readonly Suite[] = [
  mlpMnistSuite,
  mlpMnist001Suite,
  lemniscateSuite,
  semilocalSuite,
  logisticSuite,
  lazyScalingSuite,
  initCompareSuite,
  lazyScalingMlpSuite,
  widthAblationSuite,
  cnnCifar5Suite,
];
