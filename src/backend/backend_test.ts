import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  adapterKind,
  backendLabel,
  describeAdapter,
  isHardwareAdapter,
  parseBackendChoice,
  selectBackend,
} from "./backend.ts";
import { ignoreWithout, OPENBLAS, WEBGPU_ADAPTER } from "../testing/system_parts.ts";
import { BLAS_VARIABLE } from "../blas/blas_library.ts";
import { blasMatMulLibrary } from "../blas/wasm_matmul.ts";
import { loadBlas } from "../blas/blas_library.ts";

Deno.test("isHardwareAdapter() refuses no adapter and fallback adapters by either flag", () => {
  assert.equal(isHardwareAdapter(null), false);
  assert.equal(isHardwareAdapter({ info: { isFallbackAdapter: true } }), false);
  assert.equal(isHardwareAdapter({ isFallbackAdapter: true, info: {} }), false);
  assert.equal(
    isHardwareAdapter({ isFallbackAdapter: false, info: { description: "H100" } }),
    true,
  );
  assert.equal(
    describeAdapter({ info: { description: "llvmpipe", isFallbackAdapter: true } }),
    "llvmpipe [fallback]",
  );
});

Deno.test("adapterKind() tells none, software and hardware apart by the same rule", () => {
  assert.equal(adapterKind(null), "none");
  assert.equal(adapterKind({ isFallbackAdapter: true }), "software");
  assert.equal(adapterKind({ info: { isFallbackAdapter: true } }), "software");
  assert.equal(adapterKind({ info: { description: "H100" } }), "hardware");
});

Deno.test("parseBackendChoice() names the bad value and the accepted ones", () => {
  assert.equal(parseBackendChoice("wasm"), "wasm");
  assert.throws(
    () => parseBackendChoice("cuda"),
    /Unknown backend 'cuda': expected one of auto, webgpu, blas, wasm, cpu/,
  );
});

Deno.test("selectBackend() starts wasm and records versions and host", async () => {
  const env = await selectBackend("wasm");
  assert.equal(env.backend, "wasm");
  assert.equal(tf.getBackend(), "wasm");
  assert.equal(env.tfjs, tf.version_core);
  assert.equal(env.deno, Deno.version.deno);
  assert.equal(env.os, Deno.build.os);
  assert.match(env.adapter ?? "", /WebAssembly/);
});

Deno.test({
  name: "selectBackend('webgpu') runs real kernels on the adapter there is",
  ignore: await ignoreWithout(import.meta.url, WEBGPU_ADAPTER),
}, async () => {
  const env = await selectBackend("webgpu");
  assert.equal(env.backend, "webgpu");
  assert.equal(tf.getBackend(), "webgpu");
  assert.ok((env.adapter ?? "").length > 0);
  const a = tf.tensor2d([[1, 2], [3, 4]]);
  const p = tf.matMul(a, a);
  assert.deepEqual(Array.from(await p.data()), [7, 10, 15, 22]);
  tf.dispose([a, p]);
});

Deno.test("selectBackend('auto') takes wasm when the only WebGPU adapter is a fallback", async () => {
  const adapter = await navigator.gpu?.requestAdapter();
  const env = await selectBackend("auto");
  assert.equal(env.backend, isHardwareAdapter(adapter) ? "webgpu" : "wasm");
  await selectBackend("wasm");
});

Deno.test("selectBackend('cpu') works without the Node.js banner, and a bad name is refused", async () => {
  const env = await selectBackend("cpu");
  assert.equal(env.backend, "cpu");
  assert.equal(env.adapter, null);
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
  try {
    const t = tf.tensor1d([1, 2]); // the cpu backend's first write, where tfjs prints its banner
    assert.deepEqual(Array.from(await t.data()), [1, 2]);
    t.dispose();
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings.filter((w) => w.includes("Node.js")), []);
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    () => selectBackend("gpu" as any),
    /Unknown backend 'gpu'/,
  );
});

const blas = await ignoreWithout(import.meta.url, OPENBLAS) ? null : loadBlas();

Deno.test({
  name: "selectBackend('blas') runs wasm with matMul on the system BLAS; 'wasm' goes back to plain",
  ignore: blas === null,
  async fn() {
    const env = await selectBackend("blas", { blasThreads: 1 });
    assert.equal(env.backend, "wasm");
    assert.equal(tf.getBackend(), "wasm");
    assert.deepEqual(env.blas, { library: blas!.library, threads: 1 });
    assert.equal(backendLabel(env), "blas");
    assert.match(env.adapter ?? "", new RegExp(`matrix products on ${blas!.library}, 1 thread`));
    assert.equal(blasMatMulLibrary(), blas);
    const plain = await selectBackend("wasm");
    assert.equal(plain.blas, null);
    assert.equal(backendLabel(plain), "wasm");
    assert.equal(blasMatMulLibrary(), null);
    const auto = await selectBackend("auto");
    if (auto.backend !== "webgpu") {
      assert.equal(auto.blas?.library, blas!.library, "auto prefers BLAS over plain wasm");
      assert.equal(auto.blas?.threads, navigator.hardwareConcurrency, "one thread per core");
    }
    await selectBackend("wasm");
  },
});

Deno.test("selectBackend('blas') without a BLAS is refused naming what was tried", async () => {
  const saved = Deno.env.get(BLAS_VARIABLE);
  try {
    Deno.env.set(BLAS_VARIABLE, "/nonexistent/libopenblas.so.0");
    await assert.rejects(
      () => selectBackend("blas"),
      /Cannot use backend 'blas': no system BLAS \(tried \/nonexistent\/libopenblas\.so\.0\)/,
    );
  } finally {
    if (saved === undefined) Deno.env.delete(BLAS_VARIABLE);
    else Deno.env.set(BLAS_VARIABLE, saved);
  }
});
