/**
 * Training states on disk, beside the cell's report: `<out>/<id>.ckpt/` (the latest checkpoint of
 * a running cell) and `<out>/<id>.final/` (the state after the last epoch of a complete run, kept
 * for extension). A state folder holds `state.json` (the stamp, the epoch and each part's fields,
 * naming its arrays by SHA-256) and one `<sha256>.bin` per array. Arrays are written first (each
 * to a temp name, synced, renamed; one already there is not written again, so an unchanged K_0
 * costs nothing), then `state.json` the same way, then arrays no longer named are removed: a kill
 * at any point leaves the previous state or the new one, whole. Reading checks every array's
 * length and hash; a state that fails is reported unreadable, never half used.
 */
import { createHash } from "node:crypto";
import type { RunConfig } from "../config/run_config.ts";
import type { JsonValue, StateArray, StatePart, TrainState } from "./train_state.ts";

/** Version of the state format. */
export const STATE_FORMAT = 1;

/** What a state was written by and for: the cell, where it ran, and when. */
export interface StateStamp {
  format: number;
  id: string;
  config: RunConfig;
  /** The backend as `--backend` names it (`blas`, `wasm`, `webgpu`, `cpu`) and tfjs's version. */
  backend: string;
  tfjs: string;
  /** The fingerprint of the training code that wrote it (code_fingerprint.ts). */
  code: string;
  blas: { library: string; threads: number | null } | null;
  hostname: string;
  /** When the run started (its report keeps it) and when this state was written. */
  startedAt: string;
  writtenAt: string;
  final: boolean;
}

type Dtype = "f32" | "f64" | "f64-as-f32";

interface ArrayEntry {
  dtype: Dtype;
  length: number;
  sha256: string;
}

interface Manifest {
  stamp: StateStamp;
  epoch: number;
  parts: Record<string, { fields: Record<string, JsonValue>; arrays: Record<string, ArrayEntry> }>;
}

/** The folder of a cell's checkpoint. */
export function checkpointDir(out: string, id: string): string {
  return `${out}/${id}.ckpt`;
}

/** The folder of a cell's final state. */
export function finalStateDir(out: string, id: string): string {
  return `${out}/${id}.final`;
}

const MANIFEST = "state.json";

// Hashes and float64-as-float32 verdicts of arrays already written, by identity: K_0 and theta_0
// are saved at every checkpoint but hashed once (a part must not change an array it has saved:
// it gives a new one).
const known = new WeakMap<StateArray, { dtype: Dtype; sha256: string; bytes: Uint8Array }>();

/** A float64 array whose every value is a float32 (a kernel built in float32) is stored as one. */
function encode(array: StateArray): { dtype: Dtype; sha256: string; bytes: Uint8Array } {
  const seen = known.get(array);
  if (seen !== undefined) return seen;
  let dtype: Dtype = array instanceof Float32Array ? "f32" : "f64";
  let data: StateArray = array;
  if (dtype === "f64" && array.every((v) => Math.fround(v) === v || Number.isNaN(v))) {
    dtype = "f64-as-f32";
    data = Float32Array.from(array);
  }
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const entry = { dtype, sha256, bytes };
  known.set(array, entry);
  return entry;
}

function decode(entry: ArrayEntry, bytes: Uint8Array): StateArray {
  const copy = bytes.slice().buffer;
  if (entry.dtype === "f64") return new Float64Array(copy);
  const f32 = new Float32Array(copy);
  return entry.dtype === "f32" ? f32 : Float64Array.from(f32);
}

/** Writes `bytes` to `path` through a synced temp file and a rename. */
async function writeSynced(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    const file = await Deno.open(tmp, { write: true, create: true, truncate: true });
    try {
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      await file.syncData();
    } finally {
      file.close();
    }
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

async function exists(path: string, size: number): Promise<boolean> {
  const info = await Deno.stat(path).catch(() => null);
  return info !== null && info.isFile && info.size === size;
}

/** Writes `state` stamped `stamp` into `dir` atomically (see the module comment). */
export async function writeState(dir: string, stamp: StateStamp, state: TrainState): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const parts: Manifest["parts"] = {};
  const keep = new Set<string>([MANIFEST]);
  for (const [name, part] of Object.entries(state.parts)) {
    const arrays: Record<string, ArrayEntry> = {};
    for (const [key, array] of Object.entries(part.arrays)) {
      const { dtype, sha256, bytes } = encode(array);
      const file = `${sha256}.bin`;
      if (!keep.has(file) && !await exists(`${dir}/${file}`, bytes.length)) {
        await writeSynced(`${dir}/${file}`, bytes);
      }
      keep.add(file);
      arrays[key] = { dtype, length: array.length, sha256 };
    }
    parts[name] = { fields: part.fields, arrays };
  }
  const manifest: Manifest = { stamp, epoch: state.epoch, parts };
  await writeSynced(`${dir}/${MANIFEST}`, new TextEncoder().encode(JSON.stringify(manifest)));
  for await (const entry of Deno.readDir(dir)) {
    if (!keep.has(entry.name)) await Deno.remove(`${dir}/${entry.name}`).catch(() => {});
  }
}

/** What reading a state folder found. */
export type ReadState =
  | { kind: "missing" }
  | { kind: "unreadable"; reason: string }
  | { kind: "ok"; stamp: StateStamp; state: TrainState };

async function readManifest(dir: string): Promise<Manifest | "missing" | string> {
  let text: string;
  try {
    text = await Deno.readTextFile(`${dir}/${MANIFEST}`);
  } catch (e) {
    return e instanceof Deno.errors.NotFound ? "missing" : (e as Error).message;
  }
  try {
    const m = JSON.parse(text) as Manifest;
    if (m?.stamp?.format !== STATE_FORMAT) return `format ${m?.stamp?.format}, not ${STATE_FORMAT}`;
    return m;
  } catch (e) {
    return `state.json: ${(e as Error).message}`;
  }
}

/** The stamp of the state in `dir` without its arrays (cheap: one small file), or null. */
export async function readStamp(dir: string): Promise<(StateStamp & { epoch: number }) | null> {
  const m = await readManifest(dir);
  return typeof m === "string" ? null : { ...m.stamp, epoch: m.epoch };
}

/** Reads the state in `dir`, checking every array's length and SHA-256. */
export async function readState(dir: string): Promise<ReadState> {
  const m = await readManifest(dir);
  if (m === "missing") return { kind: "missing" };
  if (typeof m === "string") return { kind: "unreadable", reason: m };
  const parts: Record<string, StatePart> = {};
  for (const [name, part] of Object.entries(m.parts)) {
    const arrays: Record<string, StateArray> = {};
    for (const [key, entry] of Object.entries(part.arrays)) {
      let bytes: Uint8Array;
      try {
        bytes = await Deno.readFile(`${dir}/${entry.sha256}.bin`);
      } catch (e) {
        return { kind: "unreadable", reason: `${name}.${key}: ${(e as Error).message}` };
      }
      const sha = createHash("sha256").update(bytes).digest("hex");
      const width = entry.dtype === "f64" ? 8 : 4;
      if (sha !== entry.sha256 || bytes.length !== entry.length * width) {
        return { kind: "unreadable", reason: `${name}.${key}: its file does not match its hash` };
      }
      arrays[key] = decode(entry, bytes);
    }
    parts[name] = { fields: part.fields, arrays };
  }
  return { kind: "ok", stamp: m.stamp, state: { epoch: m.epoch, parts } };
}

/** Removes a state folder (no error when it is not there). */
export async function removeState(dir: string): Promise<void> {
  await Deno.remove(dir, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
}
