import assert from "node:assert/strict";
import { selectBackend } from "../src/backend/backend.ts";
import { mlpParamCount } from "../src/model/mlp.ts";
import { testContext } from "../src/testing/run_context.ts";
import { expandGrid } from "../src/sweep/grid.ts";
import { mlpMnistSuite } from "./mlp_mnist.ts";
import { mlpMnist001Suite, PAPER_001_SETTINGS } from "./mlp_mnist_001.ts";

Deno.test("mlp-mnist-001 is mlp-mnist at paper 001's width, activation, step size and epochs", () => {
  assert.deepEqual(PAPER_001_SETTINGS, { width: 2048, activation: "relu", lr: 0.001, epochs: 250 });
  const cells = expandGrid(mlpMnist001Suite, [], []).cells;
  assert.deepEqual(cells.map((c) => c.config), [{
    ...mlpMnistSuite.defaults,
    ...PAPER_001_SETTINGS,
    suite: "mlp-mnist-001",
    seed: 0,
  }]);
  // five affine layers: four hidden of width 2048 and the scalar output
  assert.equal(cells[0]!.config.depth, 4);
  assert.equal(mlpParamCount(784, 2048), 14_198_785);
  // mlp-mnist itself names no activation, so its cells keep their ids (Softplus when not set)
  assert.equal(mlpMnistSuite.defaults.activation, undefined);
  assert.deepEqual(
    Object.keys(mlpMnist001Suite.keys).sort(),
    Object.keys(mlpMnistSuite.keys).sort(),
  );
  assert.equal(mlpMnist001Suite.expectations, mlpMnistSuite.expectations);
});

Deno.test("mlp-mnist-001 trains mlp-mnist's ReLU network, which is not its Softplus one", async () => {
  const env = await selectBackend("wasm");
  const ctx = { ...testContext(), env };
  const small = { width: 8, epochs: 3, trainSize: 40, probeEvery: 1, ntkK: 8, fullNtk: false };
  const paper = await mlpMnist001Suite.run({ ...mlpMnist001Suite.defaults, ...small }, ctx);
  const relu = await mlpMnistSuite.run(
    { ...mlpMnistSuite.defaults, ...small, lr: 0.001, activation: "relu" },
    ctx,
  );
  const softplus = await mlpMnistSuite.run({ ...mlpMnistSuite.defaults, ...small, lr: 0.001 }, ctx);
  assert.equal(paper.status, "complete");
  assert.deepEqual(paper.series.loss, relu.series.loss);
  assert.notDeepEqual(paper.series.loss, softplus.series.loss);
  assert.deepEqual(paper.probe, relu.probe);
});
