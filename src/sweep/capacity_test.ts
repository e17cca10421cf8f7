import assert from "node:assert/strict";
import {
  blasThreadsPerWorker,
  checkCellsFit,
  describeCapacity,
  planCapacity,
  type SizedCell,
} from "./capacity.ts";
import { UsageError } from "../util/usage_error.ts";

const GIB = 2 ** 30;

function cells(...gib: number[]): SizedCell[] {
  return gib.map((g, i) => ({
    id: `${i}`.repeat(20),
    label: `width=${i}`,
    bytes: g * GIB,
    shrink: "width or trainSize",
  }));
}

Deno.test("blasThreadsPerWorker() shares the cores among the workers that run at once", () => {
  assert.equal(blasThreadsPerWorker(2, 2, 1), 2); // one cell: both cores
  assert.equal(blasThreadsPerWorker(2, 2, 3), 1);
  assert.equal(blasThreadsPerWorker(16, 4, 2), 8);
  assert.equal(blasThreadsPerWorker(2, 4, 8), 1); // never below one
  assert.equal(blasThreadsPerWorker(8, 1, 0), 8);
});

Deno.test("planCapacity() lowers --jobs until the largest cells fit side by side", () => {
  const c = planCapacity(cells(3, 3, 1, 1), { jobs: 4, cores: 4, available: 7 * GIB });
  // 3 + 3 + 1 = 7 GiB fits; 8 GiB (all four) does not
  assert.equal(c.jobs, 3);
  assert.deepEqual(c.lowered, { from: 4, need: 8 * GIB, available: 7 * GIB });
  assert.equal(c.blasThreads, 1);
  const tight = planCapacity(cells(3, 3, 1, 1), { jobs: 4, cores: 4, available: 3.5 * GIB });
  assert.equal(tight.jobs, 1);
  assert.equal(tight.blasThreads, 4);
  assert.equal(
    describeCapacity(tight, true),
    "jobs 1 (lowered from 4: 4 cells side by side need an estimated 8.00 GiB, 3.50 GiB " +
      "available), BLAS threads 4 each",
  );
});

Deno.test("planCapacity() keeps --jobs where the cells fit or the memory is unknown", () => {
  const roomy = planCapacity(cells(1, 1, 1), { jobs: 2, cores: 2, available: 20 * GIB });
  assert.deepEqual(roomy, { jobs: 2, blasThreads: 1, lowered: null });
  assert.equal(describeCapacity(roomy, true), "jobs 2, BLAS threads 1 each");
  assert.equal(describeCapacity(roomy, false), "jobs 2");
  const unknown = planCapacity(cells(100, 100), { jobs: 2, cores: 2, available: null });
  assert.deepEqual(unknown, { jobs: 2, blasThreads: 1, lowered: null });
  const one = planCapacity(cells(1), { jobs: 2, cores: 2, available: 20 * GIB });
  assert.equal(one.blasThreads, 2);
});

Deno.test("checkCellsFit() refuses the largest cell that cannot fit alone, naming what to lower", () => {
  checkCellsFit(cells(1, 2), { bytes: 2 * GIB, source: "MemAvailable" });
  checkCellsFit(cells(100), null);
  assert.throws(
    () => checkCellsFit(cells(1, 915, 2), { bytes: 20.2 * GIB, source: "MemAvailable" }),
    new UsageError(
      "Cannot run cell 11111111 (width=1): its estimated peak memory 915 GiB exceeds the " +
        "20.2 GiB available here (MemAvailable); lower width or trainSize",
    ),
  );
});
