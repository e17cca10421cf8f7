/**
 * mlp-mnist's run stopped at an epoch boundary and resumed from the state it saved, and extended
 * from a shorter run's final state, against uninterrupted runs: the series, the subset and full
 * NTK records, the sharpness probes and the notes are equal bit for bit (wall-clock times aside). In process, on plain
 * WebAssembly; the worker-level tests (real processes, SIGKILL and SIGTERM, wasm and blas) are in
 * src/sweep/resume_test.ts.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/backend/backend.ts";
import type { RunConfig } from "../src/config/run_config.ts";
import type { RunOutcome } from "../src/suite/suite.ts";
import type { CheckpointHook, TrainState } from "../src/checkpoint/train_state.ts";
import { StopRequested } from "../src/checkpoint/train_state.ts";
import { testContext } from "../src/testing/run_context.ts";
import { mlpMnistSuite } from "./mlp_mnist.ts";

const TINY: RunConfig = {
  ...mlpMnistSuite.defaults,
  width: 16,
  trainSize: 96,
  probeEvery: 4,
  ntkK: 16,
  fullNtk: true,
};

/** A hook keeping states in memory: a checkpoint every `every` epochs, a stop after `stopAfter`. */
function memoryHook(every: number, stopAfter: number | null, beats: number[]) {
  const saved: { state: TrainState; final: boolean }[] = [];
  const hook: CheckpointHook = {
    due: (epoch) => (epoch + 1) % every === 0,
    save: (state, final) =>
      Promise.resolve(void saved.push({ state: structuredClone(state), final })),
    stopRequested: () => Promise.resolve(stopAfter !== null && (beats.at(-1) ?? -1) >= stopAfter),
    begin: () => {},
  };
  return { hook, saved };
}

/** The outcome without wall-clock times (series seconds and the notes' timing line). */
function timeless(outcome: RunOutcome) {
  const { seconds: _s, ...series } = outcome.series;
  return {
    ...outcome,
    series,
    notes: outcome.notes.filter((n) => !n.startsWith("training ")),
    extraSummary: {},
  };
}

async function run(config: RunConfig, opts: { resume?: TrainState; stopAfter?: number } = {}) {
  const env = await selectBackend("wasm");
  const beats: number[] = [];
  const { hook, saved } = memoryHook(3, opts.stopAfter ?? null, beats);
  const ctx = { ...testContext(beats), env, checkpoint: { resume: opts.resume ?? null, hook } };
  try {
    return { outcome: await mlpMnistSuite.run(config, ctx), saved, beats, stopped: null };
  } catch (e) {
    if (!(e instanceof StopRequested)) throw e;
    return { outcome: null, saved, beats, stopped: e.epoch };
  }
}

Deno.test("a run stopped at epoch 13 and resumed from its state equals an uninterrupted run", async () => {
  const config = { ...TINY, epochs: 24 };
  await selectBackend("wasm");
  const before = tf.memory().numTensors;
  const whole = await run(config);
  assert.ok(whole.outcome !== null);
  assert.deepEqual(whole.saved.map((s) => [s.state.epoch, s.final]), [
    ...[3, 6, 9, 12, 15, 18, 21, 24].map((e) => [e, false]),
    [24, true],
  ]);
  const stopped = await run(config, { stopAfter: 13 });
  assert.equal(stopped.stopped, 14);
  const last = stopped.saved.at(-1)!.state;
  assert.equal(last.epoch, 14);
  assert.deepEqual(Object.keys(last.parts).sort(), ["model", "ntk", "series", "sharpness"]);
  const resumed = await run(config, { resume: last });
  assert.deepEqual(resumed.beats, [...Array(11).keys()].map((i) => i + 14));
  assert.deepEqual(timeless(resumed.outcome!), timeless(whole.outcome!));
  // the final states agree too, weights bit for bit
  assert.deepEqual(resumed.saved.at(-1)!.state.parts.model, whole.saved.at(-1)!.state.parts.model);
  assert.equal(tf.memory().numTensors, before, "no tensors leak through stops and resumes");
});

Deno.test("a 12-epoch run extended from a 7-epoch run's final state equals a 12-epoch run", async () => {
  // 7 is no multiple of probeEvery 4: the short run's last probes (subset and full) at epoch 7
  // are not in the long run's schedule and must be dropped, not kept
  const short = await run({ ...TINY, epochs: 7 });
  const final = short.saved.at(-1)!;
  assert.ok(final.final && final.state.epoch === 7);
  const long = await run({ ...TINY, epochs: 12 });
  const extended = await run({ ...TINY, epochs: 12 }, { resume: final.state });
  assert.equal(extended.beats[0], 7);
  assert.deepEqual(extended.outcome?.series.ntk?.epoch, [0, 4, 8, 12]);
  assert.deepEqual(extended.outcome?.series.fullNtk?.epoch, [0, 12]);
  assert.deepEqual(timeless(extended.outcome!), timeless(long.outcome!));
});

Deno.test("a state that does not fit the run is refused, naming why", async () => {
  const short = await run({ ...TINY, epochs: 4 });
  const state = short.saved.at(-1)!.state;
  await assert.rejects(
    () => run({ ...TINY, epochs: 8, width: 8 }, { resume: state }),
    /Cannot resume: the saved weights do not fit this model \(variable 0, shape \[784,8\]\)/,
  );
  await assert.rejects(
    () => run({ ...TINY, epochs: 8, probeEvery: 3 }, { resume: state }),
    /Cannot resume at epoch 4: the saved NTK probes \(epochs 0\) are not this run's schedule/,
  );
});
