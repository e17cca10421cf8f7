import assert from "node:assert/strict";
import { selectBackend } from "../backend/backend.ts";
import { loadBinaryTask } from "../data/binary_task.ts";
import { createMlp, disposeMlp } from "../model/mlp.ts";
import { disposeDeviceData, toDevice } from "../train/mlp_backprop.ts";
import { trainFullBatchGd } from "../train/full_batch_gd.ts";
import { ignoreWithout, OPENBLAS } from "../testing/system_parts.ts";
import { loadBlas } from "./blas_library.ts";

const blas = await ignoreWithout(import.meta.url, OPENBLAS) ? null : loadBlas();

Deno.test({
  name:
    "20 epochs of full-batch GD at w=64 on MNIST 3 vs 8: BLAS and plain wasm losses agree to 1e-5",
  ignore: blas === null,
  async fn() {
    const task = await loadBinaryTask({ trainSize: 1976 });
    const curve = async (backend: "wasm" | "blas") => {
      await selectBackend(backend);
      const data = toDevice(task.x, task.y, task.n);
      const mlp = createMlp({ inputDim: 784, width: 64, seed: 3 });
      const result = await trainFullBatchGd(mlp, data, { epochs: 20, lr: 0.003 });
      disposeMlp(mlp);
      disposeDeviceData(data);
      return result.series.loss;
    };
    const stock = await curve("wasm");
    const native = await curve("blas");
    assert.equal(native.length, 21);
    assert.ok(stock[20]! < 0.9 * stock[0]!, `the loss falls: ${stock[0]} -> ${stock[20]}`);
    native.forEach((loss, epoch) => {
      const rel = Math.abs(loss - stock[epoch]!) / stock[epoch]!;
      assert.ok(rel <= 1e-5, `epoch ${epoch}: ${loss} vs ${stock[epoch]} (relative ${rel})`);
    });
  },
});
