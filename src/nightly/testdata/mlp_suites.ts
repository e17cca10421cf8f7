/**
 * The suite registry of the end-to-end test of per-seed nightly comparisons: the binary-MNIST MLP
 * only.
 */
import type { Suite } from "../../config/suite.ts";
import { mlpMnistSuite } from "../../../suites/mlp_mnist.ts";

/** The suites of the test. */
export const SUITES: readonly Suite[] = [mlpMnistSuite];
