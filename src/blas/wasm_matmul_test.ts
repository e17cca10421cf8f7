import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { blasMatMulLibrary, useBlasMatMul } from "./wasm_matmul.ts";
import { ignoreWithout, OPENBLAS } from "../testing/system_parts.ts";
import { loadBlas } from "./blas_library.ts";
import { assertAllClose } from "../testing/assert_close.ts";

const blas = await ignoreWithout(import.meta.url, OPENBLAS) ? null : loadBlas();
const ignore = blas === null;
await selectBackend("wasm");

function uniform(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, "float32", seed);
}

/** Runs `f` on the stock wasm kernels and on the BLAS kernels; returns both outputs' data. */
async function both(f: () => tf.Tensor): Promise<{ stock: Float32Array; native: Float32Array }> {
  await selectBackend("wasm");
  const run = async (lib: typeof blas) => {
    useBlasMatMul(lib);
    assert.equal(blasMatMulLibrary(), lib, "the kernels in use");
    const t = f();
    const data = await t.data() as Float32Array;
    t.dispose();
    return data;
  };
  const stock = await run(null);
  const native = await run(blas);
  useBlasMatMul(null);
  return { stock, native };
}

/** |x - y| <= tol * max |y| entrywise (float32 products of entries in [-1, 1]). */
/** Float64 product of row-major a [m, k] (or its transpose) and b, from host copies. */
function hostProduct(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        s += a[ta ? p * m + i : i * k + p]! * b[tb ? j * k + p : p * n + j]!;
      }
      out[i * n + j] = s;
    }
  }
  return out;
}

// The products plbench runs: [n, d] x [d, w] forward; [d, n] x [n, w] and transposeA for weight
// gradients; [1, n] x [n, w] bias gradients; [k, 1] x [1, w] the NTK's first backward step;
// [k, w] x [w, k] kernel blocks; autodiff's transposeB / both-transposed gradients.
const SHAPES_2D: Array<[number, number, number]> = [
  [37, 20, 16],
  [20, 37, 16],
  [1, 53, 24],
  [9, 1, 31],
  [33, 40, 33],
  [64, 202, 128],
  [5, 3, 1],
];

Deno.test({
  name:
    "BLAS matMul agrees with plain wasm and float64 on every 2-D shape and transpose combination",
  ignore,
  async fn() {
    for (const [m, k, n] of SHAPES_2D) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const a = uniform(ta ? [k, m] : [m, k], m + k);
          const b = uniform(tb ? [n, k] : [k, n], k + n);
          const { stock, native } = await both(() => tf.matMul(a, b, ta, tb));
          const want = hostProduct(
            await a.data() as Float32Array,
            await b.data() as Float32Array,
            m,
            k,
            n,
            ta,
            tb,
          );
          const what = `[${m}x${k}]x[${k}x${n}] ta=${ta} tb=${tb}`;
          assertAllClose(native, want, 1e-5, `${what} native vs float64`, { relative: true });
          assertAllClose(native, stock, 1e-5, `${what} native vs wasm`, { relative: true });
          const shape = tf.matMul(a, b, ta, tb);
          assert.deepEqual(shape.shape, [m, n], `${what}: a 2-D product stays 2-D`);
          tf.dispose([a, b, shape]);
        }
      }
    }
  },
});

Deno.test({
  name: "BLAS matMul broadcasts batch dims as tf.matMul does, with both transposes",
  ignore,
  async fn() {
    const cases: Array<{ a: number[]; b: number[]; out: number[] }> = [
      { a: [3, 5, 7], b: [3, 7, 4], out: [3, 5, 4] },
      { a: [1, 5, 7], b: [3, 7, 4], out: [3, 5, 4] },
      { a: [3, 5, 7], b: [7, 4], out: [3, 5, 4] },
      { a: [2, 1, 5, 7], b: [1, 3, 7, 4], out: [2, 3, 5, 4] },
    ];
    for (const c of cases) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const [m, k] = c.a.slice(-2) as [number, number];
          const n = c.b.at(-1)!;
          const aShape = ta ? [...c.a.slice(0, -2), k, m] : c.a;
          const bShape = tb ? [...c.b.slice(0, -2), n, k] : c.b;
          const a = uniform(aShape, 3);
          const b = uniform(bShape, 4);
          await selectBackend("wasm");
          useBlasMatMul(blas);
          const p = tf.matMul(a, b, ta, tb);
          useBlasMatMul(null);
          assert.deepEqual(p.shape, c.out);
          const got = await p.data();
          const [ad, bd] = [await a.data() as Float32Array, await b.data() as Float32Array];
          // batch index i of the output: coordinates (i0, i1) against the operands' outer dims
          const outer = c.out.slice(0, -2);
          const outerA = c.a.slice(0, -2);
          const outerB = c.b.slice(0, -2);
          const batches = outer.reduce((s, d) => s * d, 1);
          for (let i = 0; i < batches; i++) {
            const coords = outer.map((_, d) =>
              Math.floor(i / outer.slice(d + 1).reduce((s, x) => s * x, 1)) % outer[d]!
            );
            const flat = (dims: number[]) =>
              dims.reduce(
                (s, dim, d) => s * dim + (dim === 1 ? 0 : coords[d + outer.length - dims.length]!),
                0,
              );
            const want = hostProduct(
              ad.subarray(flat(outerA) * m * k, (flat(outerA) + 1) * m * k),
              bd.subarray(flat(outerB) * k * n, (flat(outerB) + 1) * k * n),
              m,
              k,
              n,
              ta,
              tb,
            );
            assertAllClose(
              got.subarray(i * m * n, (i + 1) * m * n),
              want,
              1e-5,
              `[${c.a}]x[${c.b}] ta=${ta} tb=${tb} batch ${i}`,
              { relative: true },
            );
          }
          if (c.a.length === 3) {
            const { stock, native } = await both(() => tf.matMul(a, b, ta, tb));
            assertAllClose(native, stock, 1e-5, `[${c.a}]x[${c.b}] ta=${ta} tb=${tb} vs wasm`, {
              relative: true,
            });
          }
          tf.dispose([a, b, p]);
        }
      }
    }
  },
});

/** The activation of tf.fused.matMul as separate ops. */
function activate(x: tf.Tensor, activation: string, prelu: tf.Tensor): tf.Tensor {
  switch (activation) {
    case "relu":
      return tf.relu(x);
    case "relu6":
      return tf.relu6(x);
    case "elu":
      return tf.elu(x);
    case "sigmoid":
      return tf.sigmoid(x);
    case "leakyrelu":
      return tf.leakyRelu(x, 0.1);
    case "prelu":
      return tf.prelu(x, prelu);
    default:
      return x;
  }
}

// The reference is the unfused composition on plain wasm: the stock fused kernel itself adds the
// bias wrongly when transposeA is set (tfjs-backend-wasm 4.22; the BLAS kernel does not).
Deno.test({
  name:
    "BLAS _FusedMatMul equals matMul + bias + activation on plain wasm, for every wasm activation",
  ignore,
  async fn() {
    const activations = ["linear", "relu", "relu6", "elu", "sigmoid", "leakyrelu", "prelu"];
    for (const activation of activations) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
        const [m, k, n] = [6, 11, 9];
        const a = uniform(ta ? [k, m] : [m, k], 1) as tf.Tensor2D;
        const b = uniform(tb ? [n, k] : [k, n], 2) as tf.Tensor2D;
        const bias = tf.mul(uniform([n], 3), 3);
        const prelu = uniform([n], 4);
        const { stock } = await both(() =>
          tf.tidy(() => activate(tf.add(tf.matMul(a, b, ta, tb), bias), activation, prelu))
        );
        const { native } = await both(() =>
          tf.fused.matMul({
            a,
            b,
            transposeA: ta,
            transposeB: tb,
            bias,
            activation: activation as tf.fused.Activation,
            preluActivationWeights: activation === "prelu" ? prelu : undefined,
            leakyreluAlpha: 0.1,
          })
        );
        assertAllClose(native, stock, 1e-5, `${activation} ta=${ta} tb=${tb}`, { relative: true });
        tf.dispose([a, b, bias, prelu]);
      }
    }
  },
});

Deno.test({
  name: "BLAS matMul gradients (autodiff's transposed products) agree with plain wasm",
  ignore,
  async fn() {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      const a = uniform(ta ? [30, 12] : [12, 30], 5);
      const b = uniform(tb ? [8, 30] : [30, 8], 6);
      const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
        tf.sum(tf.square(tf.matMul(x, y, ta, tb)))
      );
      for (const which of [0, 1]) {
        const { stock, native } = await both(() => {
          const g = grads([a, b]);
          tf.dispose(g[1 - which]!);
          return g[which]!;
        });
        assertAllClose(native, stock, 1e-5, `gradient ${which} ta=${ta} tb=${tb}`, {
          relative: true,
        });
      }
      tf.dispose([a, b]);
    }
  },
});

Deno.test({
  name: "BLAS matMul reads the wasm heap afresh after the memory grows",
  ignore,
  async fn() {
    await selectBackend("wasm");
    useBlasMatMul(blas);
    const heap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8;
    const a = uniform([40, 30], 7);
    const b = uniform([30, 20], 8);
    const first = await tf.matMul(a, b).data();
    const before = heap().buffer.byteLength;
    // more than the heap holds now: the memory grows and its buffer is replaced
    const big = tf.zeros([Math.ceil(before / 4) + (1 << 22)]);
    assert.ok(heap().buffer.byteLength > before, "the wasm memory grew");
    const again = tf.matMul(a, b);
    const second = await again.data();
    useBlasMatMul(null);
    assertAllClose(second, first, 0, "product after growth", { relative: true });
    tf.dispose([a, b, big, again]);
  },
});

Deno.test({
  name: "useBlasMatMul(null) puts the stock wasm kernels back",
  ignore,
  async fn() {
    await selectBackend("wasm");
    const stock = tf.getKernel("BatchMatMul", "wasm")!.kernelFunc;
    useBlasMatMul(blas);
    assert.notEqual(tf.getKernel("BatchMatMul", "wasm")!.kernelFunc, stock);
    assert.equal(blasMatMulLibrary(), blas);
    useBlasMatMul(null);
    assert.equal(tf.getKernel("BatchMatMul", "wasm")!.kernelFunc, stock);
    assert.equal(blasMatMulLibrary(), null);
  },
});
