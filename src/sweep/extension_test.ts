import assert from "node:assert/strict";
import { extensionSource, type FinalState, lineageOf } from "./extension.ts";
import { readReport } from "../spool/store_files.ts";
import { comparableReport } from "../testing/comparable_report.ts";
import { ignoreWithout, OPENBLAS } from "../testing/system_parts.ts";
import { runTiny, tinySpec } from "./testdata/tiny_cells.ts";

const BASE = { suite: "mlp-mnist", seed: 0, epochs: 200, lr: 0.003, width: 128 };

function final(id: string, change: Record<string, number>): FinalState {
  return { id, config: { ...BASE, ...change } };
}

Deno.test("lineageOf() ignores epochs only", () => {
  assert.equal(lineageOf(BASE), lineageOf({ ...BASE, epochs: 3000 }));
  assert.notEqual(lineageOf(BASE), lineageOf({ ...BASE, lr: 0.001 }));
  assert.notEqual(lineageOf(BASE), lineageOf({ ...BASE, width: 256 }));
});

Deno.test("extensionSource() takes the longest finished shorter run of the same config", () => {
  const finals = [
    final("a", { epochs: 100 }),
    final("b", { epochs: 200 }),
    final("c", { epochs: 3000 }),
    final("d", { epochs: 500, lr: 0.001 }),
    final("e", { epochs: 400 }),
  ];
  const finished = (id: string) => id !== "e";
  assert.equal(extensionSource({ ...BASE, epochs: 1000 }, finals, finished)?.id, "b");
  assert.equal(extensionSource({ ...BASE, epochs: 1000 }, finals, () => true)?.id, "e");
  assert.equal(extensionSource({ ...BASE, epochs: 150 }, finals, finished)?.id, "a");
  assert.equal(extensionSource({ ...BASE, epochs: 100 }, finals, finished), null);
  assert.equal(extensionSource({ ...BASE, epochs: 1000, seed: 1 }, finals, finished), null);
  assert.equal(extensionSource({ ...BASE, epochs: 1000, lr: 0.001 }, finals, finished)?.id, "d");
});

const TINY_WASM = { backend: "wasm", blasThreads: 1, every: "off" } as const;

async function reportIn(out: string, id: string) {
  const read = await readReport(out, id);
  assert.ok(read.kind === "ok", JSON.stringify(read));
  return read.report;
}

Deno.test("a 60-epoch cell extended from a finished 30-epoch cell equals a 60-epoch run from scratch", async () => {
  const [here, fresh] = [await Deno.makeTempDir(), await Deno.makeTempDir()];
  const short = tinySpec(here, { ...TINY_WASM, sets: ["epochs=30"] });
  // a finished shorter run of another config in the same folder is no candidate
  const other = tinySpec(here, { ...TINY_WASM, sets: ["epochs=30", "lr=0.002"] });
  for (const spec of [short, other]) assert.equal((await runTiny(spec)).kind, "ran");
  const long = tinySpec(here, { ...TINY_WASM, sets: ["epochs=60"] });
  const epochs: number[] = [];
  assert.equal((await runTiny(long, (e) => epochs.push(e))).kind, "ran");
  assert.equal(epochs[0], 30, "the extension computes epochs 30-60 only");
  await runTiny({ ...long, out: fresh });
  const extended = await reportIn(here, long.id);
  assert.deepEqual(comparableReport(extended), comparableReport(await reportIn(fresh, long.id)));
  assert.ok(
    extended.notes.includes(
      `extended from the final state of run ${short.id.slice(0, 8)} (30 epochs): epochs 0-29 ` +
        "not recomputed",
    ),
    extended.notes.join(" | "),
  );
});

Deno.test({
  name: "a finished shorter run is not extended on another backend or BLAS thread count",
  ignore: await ignoreWithout(import.meta.url, OPENBLAS),
  async fn() {
    const [onWasm, onBlas1] = [await Deno.makeTempDir(), await Deno.makeTempDir()];
    const short = tinySpec(onWasm, { ...TINY_WASM, sets: ["epochs=10"] });
    await runTiny(short);
    const shortBlas = tinySpec(onBlas1, { ...TINY_WASM, backend: "blas", sets: ["epochs=10"] });
    await runTiny(shortBlas);
    const cases = [
      { out: onWasm, threads: 1, why: "written on wasm, this run is on blas" },
      { out: onBlas1, threads: 2, why: /written with BLAS \S+ 1 thread\(s\), this run has \S+ 2/ },
    ];
    for (const { out, threads, why } of cases) {
      const long = tinySpec(out, {
        backend: "blas",
        blasThreads: threads,
        every: "off",
        sets: ["epochs=20"],
      });
      const epochs: number[] = [];
      await runTiny(long, (e) => epochs.push(e));
      assert.equal(epochs[0], 0, "from scratch");
      const notes = (await reportIn(out, long.id)).notes;
      const note = notes.find((n) => n.startsWith("final state of run "));
      assert.ok(note !== undefined, notes.join(" | "));
      assert.match(note, typeof why === "string" ? new RegExp(why) : why);
      assert.ok(note.endsWith("; ran from scratch"));
    }
  },
});
