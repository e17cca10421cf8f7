/**
 * `deno task bench:gpu`: the epoch and NTK benchmarks on WebGPU beside the native CPU path, on a
 * machine with a hardware GPU adapter, so that a GPU machine gives numbers comparable with the
 * CPU ones from one command. Without a hardware adapter it says so plainly and measures nothing
 * (a software adapter such as llvmpipe runs the same kernels far too slowly to mean anything;
 * `--software` runs on it anyway).
 */
import { type AdapterLike, describeAdapter, isHardwareAdapter } from "./backend.ts";
import { preferNativeWebgpu } from "./webgpu_backends.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** The benchmark files bench:gpu runs. */
export const GPU_BENCH_FILES = ["src/train/full_batch_gd_bench.ts", "src/ntk/ntk_bench.ts"];

/** What bench:gpu does given the adapter WebGPU offers: run the benchmarks, or say why not. */
export function gpuBenchPlan(
  adapter: AdapterLike | null,
  software: boolean,
): { run: boolean; line: string } {
  if (adapter === null) {
    return {
      run: false,
      line: "bench:gpu: no WebGPU adapter here, so nothing was measured on a GPU " +
        "(a machine with a GPU and its Vulkan, Metal or Direct3D 12 driver runs these benchmarks)",
    };
  }
  const name = describeAdapter(adapter);
  if (!isHardwareAdapter(adapter) && !software) {
    return {
      run: false,
      line: `bench:gpu: no hardware GPU adapter here, only the software adapter ${name}, so ` +
        "nothing was measured on a GPU (--software runs on it anyway)",
    };
  }
  return { run: true, line: `bench:gpu: WebGPU on ${name}, beside the native CPU path (blas)` };
}

/** Entry point; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== "--software");
  if (unknown.length > 0) {
    console.error(`bench:gpu: unknown argument '${unknown[0]}' (expected only --software)`);
    return 2;
  }
  const adapter = await navigator.gpu?.requestAdapter({ powerPreference: "high-performance" })
    .catch(() => null) ?? null;
  const plan = gpuBenchPlan(adapter, args.includes("--software"));
  console.log(plan.line);
  if (!plan.run) return 0;
  const status = await new Deno.Command(Deno.execPath(), {
    args: ["bench", "-A", "--config", `${ROOT}deno.json`, ...GPU_BENCH_FILES.map((f) => ROOT + f)],
    env: { PLBENCH_BENCH_BACKENDS: "webgpu,blas", NTK_BENCH_BACKEND: "webgpu" },
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  return status.code;
}

if (import.meta.main) {
  preferNativeWebgpu();
  Deno.exit(await main(Deno.args));
}
