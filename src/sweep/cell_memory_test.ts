/**
 * The memory estimate against real workers: three mlp-mnist cells whose peaks are set by different
 * parts (activations of a wide net, the full-data kernels, the data and activations of a large
 * training set), each estimate within 30% of the worker's measured peak resident memory; and a
 * cell that cannot fit refused before any run.
 */
import assert from "node:assert/strict";
import { main } from "../../main.ts";
import { realDeps } from "../cli/testdata/deps.ts";
import { listReports } from "../spool/store_files.ts";
import { parseBytes } from "../util/bytes.ts";
import { cellMemory, RUNTIME_ONLY, sizeCellWith } from "./cell_memory.ts";
import { mlpMnistSuite } from "../../suites/mlp_mnist.ts";
import { expandGrid } from "./grid.ts";

const SIZES = [
  ["width=1024", "trainSize=1000", "probeEvery=0", "fullNtk=false"],
  ["width=64", "trainSize=3000", "probeEvery=1", "fullNtk=true"],
  ["width=512", "trainSize=6000", "probeEvery=0", "fullNtk=false"],
];

/** The peak and estimate of a report's memory note, in bytes. */
function memoryOf(notes: string[]): { peak: number; estimate: number } {
  const m = notes.map((n) => /^memory: peak resident (.+), estimated (.+)$/.exec(n)).find((x) => x);
  assert.ok(m, notes.join(" | "));
  return { peak: parseBytes(m[1]!), estimate: parseBytes(m[2]!) };
}

Deno.test({
  name: "the memory estimate lies within 30% of the measured peak at three sizes",
  sanitizeResources: false,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "plbench-memory-" });
    for (const sets of SIZES) {
      const args = ["--set", "epochs=1", ...sets.flatMap((s) => ["--set", s]), "--jobs", "1"];
      const deps = realDeps();
      const code = await main(
        ["sweep", ...args, "--grid", "seed=0", "--out", out, "--no-db"],
        deps,
      );
      assert.equal(code, 0, deps.out.text());
    }
    const reports = await listReports(out);
    assert.equal(reports.length, 3);
    for (const r of reports) {
      const { peak, estimate } = memoryOf(r.notes);
      const what = `width=${r.config.width} trainSize=${r.config.trainSize}`;
      assert.ok(
        Math.abs(estimate / peak - 1) <= 0.3,
        `${what}: estimate ${estimate}, peak ${peak}`,
      );
      // the estimate the sweep planned with is the one the worker names
      assert.ok(peak > RUNTIME_ONLY.bytes, `${what}: peak ${peak} below a bare worker`);
    }
  },
});

Deno.test("a cell that cannot fit is refused with exit code 2 and one line before any run", async () => {
  const out = await Deno.makeTempDir({ prefix: "plbench-memory-" });
  const deps = realDeps();
  const errors: string[] = [];
  const error = console.error;
  console.error = (line: string) => errors.push(line);
  try {
    const code = await main(["sweep", "--set", "width=100000", "--out", out, "--no-db"], deps);
    assert.equal(code, 2);
  } finally {
    console.error = error;
  }
  assert.equal(errors.length, 1, errors.join("\n"));
  assert.match(
    errors[0]!,
    /^Cannot run cell [0-9a-f]{8} \(width=100000 trainSize=2000 seed=0\): its estimated peak memory [\d.]+ GiB exceeds the [\d.]+ [GMT]iB available here \([^)]+\); lower width or trainSize$/,
  );
  assert.deepEqual([...Deno.readDirSync(out)], []);
});

Deno.test("--jobs is lowered when the cells would not fit side by side, and the sweep line says so", async () => {
  const plan = expandGrid(mlpMnistSuite, ["width=1024", "fullNtk=false"], ["seed=0,1"]);
  const one = cellMemory(mlpMnistSuite, plan.cells[0]!, "blas").bytes;
  const out = await Deno.makeTempDir({ prefix: "plbench-memory-" });
  // room for one cell and a half: the sweep runs them one at a time and says why; epochs=1
  // keeps it short (the figures above are of the planned cells, not of this run)
  const deps = realDeps({ PLBENCH_MEMORY: String(Math.round(one * 1.5)) });
  const args = ["--set", "width=1024", "--set", "fullNtk=false", "--set", "epochs=1"];
  const code = await main(
    ["sweep", ...args, "--set", "probeEvery=0", "--grid", "seed=0,1", "--jobs", "2", "--out", out],
    { ...deps, env: { ...deps.env } },
  );
  assert.equal(code, 0, deps.out.text());
  assert.match(
    deps.out.text(),
    /; jobs 1 \(lowered from 2: 2 cells side by side need an estimated [\d.]+ [MG]iB, [\d.]+ [MG]iB available\)/,
  );
  const label = sizeCellWith(mlpMnistSuite, "blas", ["seed"])(plan.cells[0]!).label;
  assert.equal(label, "width=1024 trainSize=2000 seed=0");
});
