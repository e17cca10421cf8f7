/**
 * The tfjs wasm backend with its matrix products on the system BLAS: `BatchMatMul` and
 * `_FusedMatMul` are re-registered for backend "wasm" with kernels that call `cblas_sgemm`
 * directly on the backend's WebAssembly heap (no copies). The heap is read afresh at every call
 * because the wasm memory may grow (and its buffer then moves). Batched products (outer dims
 * broadcast as tfjs does), both transposes, and the fused bias and activation (through the stock
 * wasm kernels, so their semantics are unchanged) are covered; anything else (non-float32, empty
 * shapes) goes to the stock kernel.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { type BlasLibrary, CBLAS } from "./blas_library.ts";

type TensorInfo = tf.TensorInfo;
type KernelConfig = tf.KernelConfig;

/** What the kernels use of tfjs's BackendWasm. */
interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: "float32"): TensorInfo;
  disposeData(dataId: object): boolean;
}

type KernelArgs = {
  inputs: Record<string, TensorInfo | undefined>;
  backend: WasmBackendLike;
  attrs: Record<string, unknown>;
};

const MATMUL_KERNELS = ["BatchMatMul", "_FusedMatMul"] as const;

/** Output batch dims of two operands' outer dims, as tf.matMul broadcasts them. */
function broadcastOuter(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `Error in matMul: batch dims [${a}] and [${b}] cannot be broadcast together`,
      );
    }
    return Math.max(da, db);
  });
}

/** Flat index into `dims` (right-aligned, size-1 dims broadcast) of the output batch index `i`. */
function sourceBatch(i: number, out: number[], dims: number[]): number {
  let index = 0;
  let stride = 1;
  let rest = i;
  for (let d = out.length - 1; d >= 0; d--) {
    const coord = rest % out[d]!;
    rest = Math.floor(rest / out[d]!);
    const dim = dims[d - (out.length - dims.length)] ?? 1;
    if (dim !== 1) index += coord * stride;
    stride *= dim;
  }
  return index;
}

/** The product of a and b (either transposed) as a new backend tensor; null: use the stock kernel. */
function blasProduct(
  blas: BlasLibrary,
  backend: WasmBackendLike,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo | null {
  if (a.dtype !== "float32" || b.dtype !== "float32") return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = a.shape[transposeA ? ra - 1 : ra - 2]!;
  const k = a.shape[transposeA ? ra - 2 : ra - 1]!;
  const kb = b.shape[transposeB ? rb - 1 : rb - 2]!;
  const n = b.shape[transposeB ? rb - 2 : rb - 1]!;
  if (k !== kb) {
    throw new Error(
      `Error in matMul: inner shapes (${k}) and (${kb}) of Tensors with shapes ${a.shape} and ` +
        `${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const outer = broadcastOuter(outerA, outerB);
  const batches = outer.reduce((p, d) => p * d, 1);
  if (m === 0 || n === 0 || k === 0 || batches === 0) return null;
  const out = backend.makeOutput([...outer, m, n], "float32");
  // Afresh at every call: makeOutput may have grown the memory, which moves its buffer.
  const heap = Deno.UnsafePointer.of(backend.wasm.HEAPU8)!;
  const at = (t: TensorInfo, elements: number) =>
    Deno.UnsafePointer.offset(heap, backend.dataIdMap.get(t.dataId).memoryOffset + elements * 4);
  const [sa, sb, sc] = [m * k, k * n, m * n];
  for (let i = 0; i < batches; i++) {
    const ia = outer.length === 0 ? 0 : sourceBatch(i, outer, outerA);
    const ib = outer.length === 0 ? 0 : sourceBatch(i, outer, outerB);
    blas.sgemm(
      CBLAS.rowMajor,
      transposeA ? CBLAS.trans : CBLAS.noTrans,
      transposeB ? CBLAS.trans : CBLAS.noTrans,
      m,
      n,
      k,
      1,
      at(a, ia * sa),
      transposeA ? m : k,
      at(b, ib * sb),
      transposeB ? k : n,
      0,
      at(out, i * sc),
      n,
    );
  }
  return out;
}

/** Runs the stock wasm kernel `name` on `inputs`, disposing `consumed` afterwards. */
function stockKernel(
  name: string,
  backend: WasmBackendLike,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown>,
  consumed: TensorInfo,
): TensorInfo {
  const config = tf.getKernel(name, "wasm");
  if (config === undefined) throw new Error(`The wasm backend has no ${name} kernel`);
  const result = config.kernelFunc({
    inputs,
    backend: backend as unknown as tf.KernelBackend,
    attrs: attrs as tf.NamedAttrMap,
  }) as TensorInfo;
  backend.disposeData(consumed.dataId);
  return result;
}

/** Applies the fused bias and activation of `_FusedMatMul` with the stock wasm kernels. */
function biasAndActivation(
  backend: WasmBackendLike,
  product: TensorInfo,
  inputs: KernelArgs["inputs"],
  attrs: KernelArgs["attrs"],
): TensorInfo {
  let out = product;
  if (inputs.bias != null) out = stockKernel("Add", backend, { a: out, b: inputs.bias }, {}, out);
  const activation = (attrs.activation ?? "linear") as string;
  const unary: Record<string, string> = {
    relu: "Relu",
    relu6: "Relu6",
    elu: "Elu",
    sigmoid: "Sigmoid",
  };
  if (activation === "linear") return out;
  if (unary[activation] !== undefined) {
    return stockKernel(unary[activation], backend, { x: out }, {}, out);
  }
  if (activation === "leakyrelu") {
    return stockKernel(
      "LeakyRelu",
      backend,
      { x: out },
      { alpha: attrs.leakyreluAlpha ?? 0.2 },
      out,
    );
  }
  if (activation === "prelu" && inputs.preluActivationWeights != null) {
    return stockKernel("Prelu", backend, { x: out, alpha: inputs.preluActivationWeights }, {}, out);
  }
  backend.disposeData(out.dataId);
  throw new Error(`_FusedMatMul: activation '${activation}' is not supported on the wasm backend`);
}

function blasKernel(name: (typeof MATMUL_KERNELS)[number], blas: BlasLibrary, stock: KernelConfig) {
  return (args: KernelArgs): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const product = blasProduct(
      blas,
      backend,
      inputs.a!,
      inputs.b!,
      attrs.transposeA === true,
      attrs.transposeB === true,
    );
    if (product === null) {
      return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo;
    }
    return name === "BatchMatMul" ? product : biasAndActivation(backend, product, inputs, attrs);
  };
}

let stockKernels: Map<string, KernelConfig> | null = null;
let active: BlasLibrary | null = null;

/**
 * Routes the wasm backend's matrix products to `blas`, or back to the stock XNNPACK kernels when
 * `blas` is null. Takes effect for every later product on backend "wasm".
 *
 * @example
 * useBlasMatMul(loadBlas()); // tf.matMul on "wasm" now calls cblas_sgemm where a BLAS loaded
 */
export function useBlasMatMul(blas: BlasLibrary | null): void {
  if (blas === active) return;
  if (stockKernels === null) {
    stockKernels = new Map(MATMUL_KERNELS.map((name) => {
      const config = tf.getKernel(name, "wasm");
      if (config === undefined) throw new Error(`The wasm backend has no ${name} kernel`);
      return [name, config];
    }));
  }
  for (const name of MATMUL_KERNELS) {
    const stock = stockKernels.get(name)!;
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel(
      blas === null ? stock : {
        kernelName: name,
        backendName: "wasm",
        // the stock setup binds the stock kernel, which non-float32 and empty products still use
        setupFunc: stock.setupFunc,
        kernelFunc: blasKernel(name, blas, stock) as unknown as tf.KernelFunc,
      },
    );
  }
  active = blas;
}

/** The library the wasm backend's matrix products currently run on, or null (stock kernels). */
export function blasMatMulLibrary(): BlasLibrary | null {
  return active;
}
