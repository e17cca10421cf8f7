/**
 * The sweep's checks of its environment before any cell runs: which backend the workers get (and
 * whether WebGPU has an adapter at all), and whether `--data-dir` serves the suite. Each refusal is
 * a UsageError: one line, exit code 2.
 */
import type { Suite } from "../suite/suite.ts";
import { adapterKind, requestAdapter } from "../backend/backend.ts";
import { WEBGPU_BACKEND_VARIABLE } from "../backend/webgpu_backends.ts";
import { loadBlas, noBlasMessage } from "../blas/blas_library.ts";
import { UsageError } from "../util/usage_error.ts";
import type { SweepArgs } from "./args.ts";

/**
 * The backend the workers are given and the default number of jobs. `auto` is probed once here:
 * without a hardware GPU the workers get `blas` (where the system BLAS loads) or plain `wasm`
 * straight away (sparing each one the WebGPU probe; the note says which, so a missing BLAS is said
 * once) and the pool runs one worker per core; with one, they keep `auto` and the pool runs one
 * worker. `webgpu` without any adapter and `blas` without a BLAS are refused before any cell.
 */
export async function resolveBackend(
  backend: SweepArgs["backend"],
): Promise<{ worker: SweepArgs["backend"]; jobs: number; note: string }> {
  const cores = navigator.hardwareConcurrency;
  if (backend === "webgpu") {
    if (adapterKind(await requestAdapter()) === "none") {
      throw new UsageError(
        `Cannot use backend 'webgpu': navigator.gpu gives no adapter here ` +
          `(${WEBGPU_BACKEND_VARIABLE}=${Deno.env.get(WEBGPU_BACKEND_VARIABLE) ?? "unset"})`,
      );
    }
    return { worker: backend, jobs: 1, note: "" };
  }
  const blas = backend === "blas" || backend === "auto" ? loadBlas() : null;
  if (backend === "blas" && blas === null) {
    throw new UsageError(`Cannot use backend 'blas': ${noBlasMessage()}`);
  }
  if (backend === "blas") return { worker: backend, jobs: cores, note: ` (${blas!.library})` };
  if (backend !== "auto") return { worker: backend, jobs: cores, note: "" };
  if (adapterKind(await requestAdapter()) === "hardware") {
    return { worker: "auto", jobs: 1, note: " (hardware GPU found)" };
  }
  if (blas !== null) {
    return {
      worker: "blas",
      jobs: cores,
      note: ` (no hardware GPU: blas, wasm with matrix products on ${blas.library})`,
    };
  }
  return { worker: "wasm", jobs: cores, note: ` (no hardware GPU; ${noBlasMessage()})` };
}

/** Refuses a `--data-dir` that is not a folder, that the suite does not read, or that lacks its files. */
export async function checkDataDir(suite: Suite, dataDir: string): Promise<void> {
  const check = suite.checkData;
  if (check === undefined) {
    throw new UsageError(`Suite '${suite.name}' reads no data folder: --data-dir does not apply`);
  }
  const info = await Deno.stat(dataDir).catch(() => null);
  if (info === null) throw new UsageError(`Cannot use --data-dir '${dataDir}': no such folder`);
  if (!info.isDirectory) throw new UsageError(`Cannot use --data-dir '${dataDir}': not a folder`);
  try {
    await check(dataDir);
  } catch (e) {
    throw new UsageError(`Cannot use --data-dir '${dataDir}': ${(e as Error).message}`);
  }
}
