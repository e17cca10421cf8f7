/**
 * Where a cell's worker starts and how it checkpoints. A cell starts from its own checkpoint
 * (`<id>.ckpt`), else from the final state of the longest finished shorter run of its config in
 * its report folder (the same config with fewer epochs: extension.ts), else from scratch. A saved
 * state is used only where the run would go on exactly as it went: the same config (its NTK probe
 * inputs included, drawn from its `probeSeed`), training code, backend, tfjs version, BLAS library
 * and thread count; the report's notes say which state was used, or why none was. A resumed cell
 * keeps its checkpoint's BLAS thread count, since the rounding of BLAS's products depends on how
 * it splits them among threads.
 */
import type { RunEnv } from "../report/schema.ts";
import { backendLabel } from "../backend/backend.ts";
import { canonicalJson } from "../util/hash.ts";
import {
  checkpointDir,
  finalStateDir,
  readStamp,
  readState,
  STATE_FORMAT,
  type StateStamp,
  writeState,
} from "../checkpoint/state_store.ts";
import { CheckpointClock, DEFAULT_CHECKPOINT_EVERY } from "../checkpoint/checkpoint_every.ts";
import { trainingCodeFingerprint } from "../checkpoint/code_fingerprint.ts";
import type { CheckpointHook, TrainState } from "../checkpoint/train_state.ts";
import type { WorkerSpec } from "./worker.ts";
import { completeIn, extensionSource, finalStatesIn, lineageOf } from "./extension.ts";

/** Where a cell starts: a saved state (null: from scratch), where from, and the note saying so. */
export interface CellStart {
  state: TrainState | null;
  from: "checkpoint" | "extension" | null;
  /** The run's start time (a resumed run keeps its first start), or null for now. */
  startedAt: string | null;
  note: string | null;
}

const SCRATCH: CellStart = { state: null, from: null, startedAt: null, note: null };

/**
 * Why a state written on `stamp`'s ground cannot go on here, on `env` with training code `code`,
 * or null when it can.
 */
export function groundDiffers(stamp: StateStamp, env: RunEnv, code: string): string | null {
  const here = backendLabel(env);
  const threads = (s: StateStamp["blas"]) => s === null ? "none" : `${s.library} ${s.threads}`;
  if (stamp.format !== STATE_FORMAT) return `state format ${stamp.format}, not ${STATE_FORMAT}`;
  if (stamp.code !== code) {
    return `written by other training code (fingerprint ${stamp.code}, this run's ${code})`;
  }
  if (stamp.backend !== here) return `written on ${stamp.backend}, this run is on ${here}`;
  if (stamp.tfjs !== env.tfjs) return `written with tfjs ${stamp.tfjs}, this run has ${env.tfjs}`;
  if (threads(stamp.blas) !== threads(env.blas ?? null)) {
    return `written with BLAS ${threads(stamp.blas)} thread(s), this run has ` +
      threads(env.blas ?? null);
  }
  return null;
}

/** Whether `choice` (a `--backend`) can run on the backend a stamp names. */
function sameBackendChoice(choice: string, label: string): boolean {
  return choice === "auto" || choice === label;
}

/** The BLAS threads of a worker: its checkpoint's where that ran on this backend, else the sweep's. */
export async function blasThreadsFor(spec: WorkerSpec): Promise<number> {
  if (spec.force) return spec.blasThreads;
  const stamp = await readStamp(checkpointDir(spec.out, spec.id));
  const threads = stamp?.blas?.threads ?? null;
  if (stamp === null || threads === null || !sameBackendChoice(spec.backend, stamp.backend)) {
    return spec.blasThreads;
  }
  return threads;
}

/** The cell's own checkpoint, if one can go on here. */
async function fromCheckpoint(spec: WorkerSpec, env: RunEnv): Promise<CellStart | null> {
  const dir = checkpointDir(spec.out, spec.id);
  const read = await readState(dir);
  if (read.kind === "missing") return null;
  const why = read.kind === "unreadable"
    ? `it is unreadable (${read.reason})`
    : read.stamp.id !== spec.id || canonicalJson(read.stamp.config) !== canonicalJson(spec.config)
    ? "it holds another config"
    : groundDiffers(read.stamp, env, await trainingCodeFingerprint());
  if (read.kind !== "ok" || why !== null) {
    return { ...SCRATCH, note: `checkpoint not used: ${why}; ran from scratch` };
  }
  const { stamp, state } = read;
  const host = stamp.hostname === env.hostname ? "" : ` on ${stamp.hostname}`;
  return {
    state,
    from: "checkpoint",
    startedAt: stamp.startedAt,
    note: `resumed at epoch ${state.epoch} from a checkpoint written ${stamp.writtenAt}${host}: ` +
      `epochs 0-${state.epoch - 1} not recomputed`,
  };
}

/** The final state of the longest finished shorter run of the cell's config, if it can go on here. */
async function fromShorterRun(spec: WorkerSpec, env: RunEnv): Promise<CellStart | null> {
  const finals = await finalStatesIn(spec.out);
  const complete = new Set<string>();
  for (const f of finals) if (await completeIn(spec.out, f.id)) complete.add(f.id);
  const source = extensionSource(spec.config, finals, (id) => complete.has(id))?.id ?? null;
  if (source === null) return null;
  const read = await readState(finalStateDir(spec.out, source));
  const epochs = read.kind === "ok" ? read.stamp.config.epochs : null;
  const why = read.kind === "missing"
    ? "it is gone"
    : read.kind === "unreadable"
    ? `it is unreadable (${read.reason})`
    : lineageOf(read.stamp.config) !== lineageOf(spec.config) || epochs! >= spec.config.epochs
    ? "its config differs in more than fewer epochs"
    : groundDiffers(read.stamp, env, await trainingCodeFingerprint());
  const name = `run ${source.slice(0, 8)}` + (epochs === null ? "" : ` (${epochs} epochs)`);
  if (read.kind !== "ok" || why !== null) {
    return { ...SCRATCH, note: `final state of ${name} not used: ${why}; ran from scratch` };
  }
  return {
    state: read.state,
    from: "extension",
    startedAt: null,
    note: `extended from the final state of ${name}: epochs 0-${read.state.epoch - 1} not ` +
      "recomputed",
  };
}

/** Where the cell of `spec` starts on `env` (from scratch under `--force`). */
export async function findStart(spec: WorkerSpec, env: RunEnv): Promise<CellStart> {
  if (spec.force) return SCRATCH;
  const resumed = await fromCheckpoint(spec, env);
  if (resumed?.state != null) return resumed;
  const extended = await fromShorterRun(spec, env);
  if (extended?.state != null || resumed === null) return extended ?? SCRATCH;
  return resumed;
}

/** How often a training loop lets the event loop deliver signals, in milliseconds. */
const SIGNAL_POLL_MS = 50;

/** What a cell's checkpoints are stamped with. */
async function stampOf(
  spec: WorkerSpec,
  env: RunEnv,
  startedAt: string,
  final: boolean,
): Promise<StateStamp> {
  return {
    format: STATE_FORMAT,
    id: spec.id,
    config: spec.config,
    backend: backendLabel(env),
    tfjs: env.tfjs,
    code: await trainingCodeFingerprint(),
    blas: env.blas ?? null,
    hostname: env.hostname,
    startedAt,
    writtenAt: new Date().toISOString(),
    final,
  };
}

/**
 * The hook a cell's trainer checkpoints through: `<id>.ckpt` as `spec.checkpointEvery` says,
 * `<id>.final` at the end of a complete run; a stop is asked for through `stop`.
 */
export function cellCheckpointHook(
  spec: WorkerSpec,
  env: RunEnv,
  startedAt: string,
  stop: { requested(): boolean; cooperate(): void },
): CheckpointHook {
  const clock = new CheckpointClock(spec.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY);
  let yielded = performance.now();
  return {
    due: (epoch, probed) => clock.due(epoch, probed),
    async save(state, final) {
      const dir = final ? finalStateDir(spec.out, spec.id) : checkpointDir(spec.out, spec.id);
      const started = performance.now();
      await writeState(dir, await stampOf(spec, env, startedAt, final), state);
      clock.saved(performance.now() - started);
    },
    async stopRequested() {
      // signals are delivered by the event loop: let it run at least every 50 ms
      if (performance.now() - yielded >= SIGNAL_POLL_MS) {
        await new Promise((ok) => setTimeout(ok, 0));
        yielded = performance.now();
      }
      return stop.requested();
    },
    begin: () => stop.cooperate(),
  };
}
