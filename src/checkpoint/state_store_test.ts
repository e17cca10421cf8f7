import assert from "node:assert/strict";
import {
  checkpointDir,
  readStamp,
  readState,
  removeState,
  type StateStamp,
  writeState,
} from "./state_store.ts";
import type { TrainState } from "./train_state.ts";

const STAMP: StateStamp = {
  format: 1,
  id: "0123456789abcdef0123",
  config: { suite: "mlp-mnist", seed: 0, epochs: 10, lr: 0.1, width: 4 },
  backend: "wasm",
  tfjs: "4.22.0",
  code: "0123456789abcdef",
  blas: null,
  hostname: "here",
  startedAt: "2026-01-01T00:00:00.000Z",
  writtenAt: "2026-01-01T00:01:00.000Z",
  final: false,
};

function stateAt(epoch: number, k0: Float64Array): TrainState {
  const weights = Float32Array.from({ length: 100 }, (_, i) => Math.fround(Math.sin(i + epoch)));
  return {
    epoch,
    parts: {
      model: { fields: {}, arrays: { w0: weights } },
      series: { fields: { loss: [0.5, 0.25, 1 / 3], epoch: [0, 1, 2] }, arrays: {} },
      ntk: { fields: { epochs: [0] }, arrays: { k0 } },
    },
  };
}

const K0 = Float64Array.from({ length: 64 }, (_, i) => Math.fround(1 / (i + 1)));

Deno.test("a written state reads back bit for bit, float64 arrays of float32 values included", async () => {
  const dir = checkpointDir(await Deno.makeTempDir(), STAMP.id);
  const exact = Float64Array.from([Math.PI, 1e-300, -0, NaN]);
  const state = stateAt(3, K0);
  state.parts.ntk!.arrays.exact = exact;
  await writeState(dir, STAMP, state);
  const read = await readState(dir);
  assert.ok(read.kind === "ok", JSON.stringify(read));
  assert.deepEqual(read.stamp, STAMP);
  assert.equal(read.state.epoch, 3);
  assert.deepEqual(read.state.parts.series, state.parts.series);
  assert.deepEqual(read.state.parts.model!.arrays.w0, state.parts.model!.arrays.w0);
  assert.ok(read.state.parts.ntk!.arrays.k0 instanceof Float64Array);
  assert.deepEqual(read.state.parts.ntk!.arrays.k0, K0);
  assert.deepEqual([...read.state.parts.ntk!.arrays.exact!], [...exact]);
  assert.deepEqual({ ...await readStamp(dir) }, { ...STAMP, epoch: 3 });
  // K_0 of float32 values is stored as float32: 4 bytes a value
  const sizes = [...Deno.readDirSync(dir)].map((e) => Deno.statSync(`${dir}/${e.name}`).size);
  assert.ok(sizes.includes(64 * 4), `${sizes}`);
});

Deno.test("a new state rewrites only changed arrays and drops the ones no longer named", async () => {
  const dir = checkpointDir(await Deno.makeTempDir(), STAMP.id);
  await writeState(dir, STAMP, stateAt(1, K0));
  const files = () => new Set([...Deno.readDirSync(dir)].map((e) => e.name));
  const first = files();
  const k0File = [...first].find((f) => Deno.statSync(`${dir}/${f}`).size === 64 * 4)!;
  const k0Written = Deno.statSync(`${dir}/${k0File}`).mtime!.getTime();
  await new Promise((ok) => setTimeout(ok, 20));
  await writeState(dir, STAMP, stateAt(2, Float64Array.from(K0)));
  const second = files();
  assert.equal(second.size, 3); // state.json, w0 of epoch 2, K_0
  assert.ok(second.has(k0File));
  assert.equal(Deno.statSync(`${dir}/${k0File}`).mtime!.getTime(), k0Written);
  const read = await readState(dir);
  assert.ok(read.kind === "ok" && read.state.epoch === 2);
});

Deno.test("a writer killed midway leaves the previous state whole; a damaged array is refused", async () => {
  const dir = checkpointDir(await Deno.makeTempDir(), STAMP.id);
  await writeState(dir, STAMP, stateAt(1, K0));
  // what a kill between the arrays and state.json leaves: a new array and a temp file
  await Deno.writeFile(`${dir}/${"f".repeat(64)}.bin`, new Uint8Array(400));
  await Deno.writeTextFile(`${dir}/state.json.999.abcd1234.tmp`, '{"stamp":');
  const read = await readState(dir);
  assert.ok(read.kind === "ok" && read.state.epoch === 1);
  await writeState(dir, STAMP, stateAt(2, K0));
  assert.equal([...Deno.readDirSync(dir)].length, 3);
  const w0 = [...Deno.readDirSync(dir)].find((e) =>
    Deno.statSync(`${dir}/${e.name}`).size === 400
  )!;
  const bytes = await Deno.readFile(`${dir}/${w0.name}`);
  bytes[7] = bytes[7]! ^ 1;
  await Deno.writeFile(`${dir}/${w0.name}`, bytes);
  assert.deepEqual(await readState(dir), {
    kind: "unreadable",
    reason: "model.w0: its file does not match its hash",
  });
  await removeState(dir);
  assert.deepEqual(await readState(dir), { kind: "missing" });
  assert.equal(await readStamp(dir), null);
  await removeState(dir);
});
