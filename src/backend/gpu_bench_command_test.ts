import assert from "node:assert/strict";
import { gpuBenchPlan, main } from "./gpu_bench_command.ts";
import { isHardwareAdapter } from "./backend.ts";

Deno.test("gpuBenchPlan() runs on a hardware adapter and says plainly when there is none", () => {
  assert.deepEqual(gpuBenchPlan(null, false).run, false);
  assert.match(gpuBenchPlan(null, false).line, /no WebGPU adapter here, so nothing was measured/);
  const llvmpipe = {
    info: { description: "llvmpipe (LLVM 15.0.6, 256 bits)", isFallbackAdapter: true },
  };
  const soft = gpuBenchPlan(llvmpipe, false);
  assert.equal(soft.run, false);
  assert.match(soft.line, /no hardware GPU adapter here, only the software adapter llvmpipe/);
  assert.equal(gpuBenchPlan(llvmpipe, true).run, true);
  const h200 = { info: { description: "NVIDIA H200", isFallbackAdapter: false } };
  assert.deepEqual(gpuBenchPlan(h200, false), {
    run: true,
    line: "bench:gpu: WebGPU on NVIDIA H200, beside the native CPU path (blas)",
  });
});

Deno.test({
  name: "bench:gpu here says which adapter it found and, without a GPU, measures nothing",
  ignore: isHardwareAdapter(await navigator.gpu?.requestAdapter()),
  async fn() {
    const lines: string[] = [];
    const log = console.log;
    console.log = (...parts: unknown[]) => void lines.push(parts.join(" "));
    try {
      assert.equal(await main([]), 0);
    } finally {
      console.log = log;
    }
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^bench:gpu: no (hardware GPU|WebGPU) adapter here/);
    assert.equal(await main(["--fast"]), 2);
  },
});
