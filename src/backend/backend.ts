/**
 * tfjs backend selection: the one place that imports the backends and sets tfjs's global backend.
 * `auto` picks WebGPU on a real (non-fallback) adapter, else `blas` (the wasm backend with its
 * matrix products on the system BLAS) where a BLAS loads, else plain wasm (saying so once), else
 * cpu; an explicit `webgpu` also accepts the software adapter (llvmpipe), which runs the real WGSL
 * kernels, and an explicit `wasm` is always plain WebAssembly.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import "@tensorflow/tfjs-backend-webgpu";
import type { RunEnv } from "../report/schema.ts";
import { type BlasLibrary, loadBlas, noBlasMessage } from "../blas/blas_library.ts";
import { useBlasMatMul } from "../blas/wasm_matmul.ts";
import { WEBGPU_BACKEND_VARIABLE } from "./webgpu_backends.ts";

/**
 * A backend as named by `--backend`: `blas` is tfjs's wasm backend with its matrix products on the
 * system BLAS (reports say backend `wasm` with `blas` set).
 */
export type BackendChoice = "auto" | "webgpu" | "blas" | "wasm" | "cpu";

/** The backend names `--backend` accepts. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ["auto", "webgpu", "blas", "wasm", "cpu"];

/** Where a run's work happened, in the words of `--backend`: `blas` for wasm on the system BLAS. */
export function backendLabel(env: Pick<RunEnv, "backend" | "blas">): string {
  return env.backend === "wasm" && (env.blas ?? null) !== null ? "blas" : env.backend;
}

/** What `auto` needs to know about a WebGPU adapter (a subset of GPUAdapter). */
export interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; description?: string; vendor?: string; device?: string };
}

/** True for an adapter that is a real GPU, false for none or a software (fallback) adapter. */
export function isHardwareAdapter(adapter: AdapterLike | null | undefined): boolean {
  if (adapter === null || adapter === undefined) return false;
  return adapter.info?.isFallbackAdapter !== true && adapter.isFallbackAdapter !== true;
}

/** What WebGPU offers: no adapter, a software (fallback) one, or a hardware GPU. */
export function adapterKind(
  adapter: AdapterLike | null | undefined,
): "none" | "software" | "hardware" {
  if (adapter === null || adapter === undefined) return "none";
  return isHardwareAdapter(adapter) ? "hardware" : "software";
}

/** One line describing a WebGPU adapter, e.g. `llvmpipe (LLVM 15.0.6, 256 bits) [fallback]`. */
export function describeAdapter(adapter: AdapterLike): string {
  const info = adapter.info ?? {};
  const name = info.description || [info.vendor, info.device].filter((s) => s).join(" ") ||
    "unknown adapter";
  return isHardwareAdapter(adapter) ? name : `${name} [fallback]`;
}

/** Checks a `--backend` value; throws naming the value and the accepted ones. */
export function parseBackendChoice(value: string): BackendChoice {
  if ((BACKEND_CHOICES as readonly string[]).includes(value)) return value as BackendChoice;
  throw new Error(
    `Unknown backend '${value}': expected one of ${BACKEND_CHOICES.join(", ")}`,
  );
}

// tfjs reads IS_NODE to load the wasm binary from disk; it also prints a "running in Node.js"
// banner on the cpu backend's first write. Keep it true while a backend initialises, false after.
const IS_NODE = tf.env().getBool("IS_NODE");

async function activate(name: "webgpu" | "wasm" | "cpu"): Promise<boolean> {
  tf.env().set("IS_NODE", IS_NODE);
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } finally {
    tf.env().set("IS_NODE", false);
  }
}

type AdapterRequest = (options: { powerPreference: string }) => Promise<AdapterLike | null>;

/** The adapter tfjs's webgpu backend will take (it asks for high performance too), or null. */
export async function requestAdapter(): Promise<AdapterLike | null> {
  const gpu = (navigator as { gpu?: { requestAdapter: AdapterRequest } }).gpu;
  if (gpu === undefined) return null;
  try {
    return await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch {
    return null;
  }
}

async function adapterText(
  backend: "webgpu" | "wasm" | "cpu",
  blas: RunEnv["blas"],
): Promise<string | null> {
  if (backend === "webgpu") {
    const adapter = await requestAdapter();
    return adapter === null ? "unknown adapter" : describeAdapter(adapter);
  }
  if (backend === "wasm") {
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    const wasm = `WebAssembly, ${simd ? "SIMD" : "no SIMD"}, single thread`;
    if (blas === null || blas === undefined) return wasm;
    const threads = blas.threads === null ? "" : `, ${blas.threads} thread(s)`;
    return `${wasm}; matrix products on ${blas.library}${threads}`;
  }
  return null;
}

/** How selectBackend configures the BLAS path. */
export interface BackendOptions {
  /** BLAS threads (default: one per core); a pool of P workers gives each cores / P. */
  blasThreads?: number;
}

let fallbackSaid = false;

/** The system BLAS for `choice`: required by `blas`, taken by `auto` where it loads. */
function blasFor(choice: BackendChoice, threads: number): BlasLibrary | null {
  if (choice !== "blas" && choice !== "auto") return null;
  const blas = loadBlas({ threads });
  if (blas === null && choice === "blas") {
    throw new Error(`Cannot use backend 'blas': ${noBlasMessage()}`);
  }
  if (blas === null && !fallbackSaid) {
    fallbackSaid = true;
    console.error(noBlasMessage());
  }
  return blas;
}

/**
 * Sets tfjs's global backend and describes where runs happen. Throws when an explicitly named
 * backend cannot start, or for an unknown name. On wasm, the matrix products run on the system
 * BLAS for `blas` (and `auto` where one loads) and on the stock kernels otherwise.
 *
 * @example
 * const env = await selectBackend("blas", { blasThreads: 1 });
 * console.log(env.backend, env.blas); // "wasm" { library: "libopenblas.so.0", threads: 1 }
 */
export async function selectBackend(
  choice: BackendChoice,
  options: BackendOptions = {},
): Promise<RunEnv> {
  parseBackendChoice(choice);
  const threads = options.blasThreads ?? navigator.hardwareConcurrency;
  let backend: "webgpu" | "wasm" | "cpu";
  let blas: BlasLibrary | null = null;
  if (choice === "auto") {
    if (isHardwareAdapter(await requestAdapter()) && await activate("webgpu")) backend = "webgpu";
    else if (await activate("wasm")) [backend, blas] = ["wasm", blasFor(choice, threads)];
    else if (await activate("cpu")) backend = "cpu";
    else throw new Error("Cannot start any tfjs backend: webgpu, wasm and cpu all failed");
  } else {
    if (choice === "webgpu" && await requestAdapter() === null) {
      throw new Error(
        `Cannot use backend 'webgpu': navigator.gpu gives no adapter (${WEBGPU_BACKEND_VARIABLE}=${
          Deno.env.get(WEBGPU_BACKEND_VARIABLE) ?? "unset"
        }; a software Vulkan adapter comes with Mesa's mesa-vulkan-drivers)`,
      );
    }
    blas = blasFor(choice, threads);
    const tfjsBackend = choice === "blas" ? "wasm" : choice;
    if (!await activate(tfjsBackend)) {
      throw new Error(`Cannot use backend '${choice}': tfjs failed to initialise it`);
    }
    backend = tfjsBackend;
  }
  if (backend === "wasm") useBlasMatMul(blas);
  const blasEnv = blas === null
    ? null
    : { library: blas.library, threads: blas.setThreads(threads) };
  return {
    backend,
    blas: blasEnv,
    adapter: await adapterText(backend, blasEnv),
    deno: Deno.version.deno,
    tfjs: tf.version_core,
    os: Deno.build.os,
    arch: Deno.build.arch,
    hostname: Deno.hostname(),
  };
}
