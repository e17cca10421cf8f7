/**
 * What the epoch, NTK and GPU benchmarks share: which backends to time, the numpy + OpenBLAS
 * reference epoch, wall plus CPU timings and peak memory.
 */
import process from "node:process";
import { loadBlas } from "../blas/blas_library.ts";
import { peakResidentBytes } from "../util/peak_memory.ts";

/** A backend a benchmark can time (`blas`: wasm with its products on the system BLAS). */
export type BenchBackend = "wasm" | "blas" | "webgpu" | "cpu";

/**
 * The backends named by `PLBENCH_BENCH_BACKENDS` (default `wasm,blas`) that can run here: `blas`
 * needs a system BLAS, `webgpu` an adapter (a software one counts).
 */
export async function benchBackends(): Promise<BenchBackend[]> {
  const named = (Deno.env.get("PLBENCH_BENCH_BACKENDS") ?? "wasm,blas").split(",")
    .map((s) => s.trim()) as BenchBackend[];
  const adapter = named.includes("webgpu") ? await navigator.gpu?.requestAdapter() : null;
  return named.filter((b) =>
    b === "blas"
      ? loadBlas() !== null
      : b === "webgpu"
      ? adapter != null
      : b === "wasm" || b === "cpu"
  );
}

/**
 * Seconds of the numpy + OpenBLAS reference epoch (numpy_epoch_reference.py, one OpenBLAS thread
 * per core) at `width` and `n`, or null without python3 + numpy.
 */
export function numpyEpochSeconds(width: number, n: number): number | null {
  try {
    const script = new URL("./numpy_epoch_reference.py", import.meta.url).pathname;
    const out = new Deno.Command("python3", {
      args: [script, String(width), String(n)],
      env: { OPENBLAS_NUM_THREADS: String(navigator.hardwareConcurrency) },
      stderr: "null",
    }).outputSync();
    const seconds = Number(new TextDecoder().decode(out.stdout).trim());
    return out.success && Number.isFinite(seconds) ? seconds : null;
  } catch {
    return null;
  }
}

/** Wall and CPU seconds (user + system, all of this process's threads). */
export interface Timing {
  wall: number;
  cpu: number;
}

type Start = { wall: number; cpu: NodeJS.CpuUsage };

/** A starting point for `timingSince`. */
export function timingStart(): Start {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

/** Wall and CPU seconds since `start`. */
export function timingSince(start: Start): Timing {
  const cpu = process.cpuUsage(start.cpu);
  return { wall: (performance.now() - start.wall) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** This process's peak resident memory in GiB (Linux: VmHWM), or null where unknown. */
export function peakMemoryGiB(): number | null {
  const bytes = peakResidentBytes();
  return bytes === null ? null : bytes / 2 ** 30;
}
