import assert from "node:assert/strict";
import { makeReport } from "../testing/report_factory.ts";
import { assertClose } from "../testing/assert_close.ts";
import { table2, TABLE2_METRICS } from "./table2.ts";

Deno.test("table2() has the paper's columns: PL min and median on W, L*, final drift", () => {
  assert.deepEqual(TABLE2_METRICS.map((m) => m.key), ["plMin", "plMedian", "lStar", "finalDrift"]);
});

Deno.test("table2() lists the complete runs by seed and averages each column where defined", () => {
  const run = (seed: number, plMin: number | null, lStar: number, status = "complete") =>
    makeReport({
      config: { suite: "cnn-cifar5", seed },
      status: status as "complete",
      summary: { plMin, plMedian: 3, lStar, finalDrift: seed, window: [2, 12] },
    });
  const t = table2([
    run(2, 0.3, 0.01),
    run(0, 0.1, 0.03),
    run(1, null, 0.02),
    run(3, 9, 9, "diverged"),
  ]);
  assert.deepEqual(t.seeds.map((s) => s.seed), [0, 1, 2]);
  assert.deepEqual(t.seeds[1]!.values, [null, 3, 0.02, 1]);
  assert.deepEqual(t.seeds[0]!.window, [2, 12]);
  assertClose(t.mean[0]!.mean, 0.2);
  assert.equal(t.mean[0]!.n, 2);
  assertClose(t.mean[2]!.mean, 0.02);
  assert.equal(t.mean[1]!.std, 0);
});
