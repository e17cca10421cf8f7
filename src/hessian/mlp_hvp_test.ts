import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { createMlp, disposeMlp, type Mlp, mlpForward } from "../model/mlp.ts";
import { disposeDeviceData, toDevice, type TransposeMode } from "../train/mlp_backprop.ts";
import { type CurvatureKind, flatten, mlpCurvatureAt, mlpParameters } from "./mlp_hvp.ts";
import { lanczosTop } from "./lanczos.ts";
import { centralHvp, denseHessian, mlpLossAndGrad64 } from "./testdata/mlp_grad64.ts";
import { finiteDifferenceJacobian, minAbsPreActivation, mlpForward64 } from "../ntk/test_nets.ts";
import { structuredNtk } from "../ntk/structured_ntk.ts";
import { symmetricEigenvalues } from "../linalg/sym_eigen.ts";
import { ignoreWithout, OPENBLAS } from "../testing/system_parts.ts";
import { loadBlas } from "../blas/blas_library.ts";
import { seededRng } from "../util/random.ts";

const blas = await ignoreWithout(import.meta.url, OPENBLAS) ? null : loadBlas();
const paths: { name: string; backend: "wasm" | "blas"; mode: TransposeMode }[] = [
  { name: "plain wasm", backend: "wasm", mode: "explicit" },
  ...(blas === null ? [] : [{ name: "BLAS", backend: "blas" as const, mode: "flags" as const }]),
];

/** n rows of d seeded values in [0, 1), with column 1 zero in every row (a dead MNIST pixel). */
function rows(n: number, d: number, seed: number): number[][] {
  const rng = seededRng(seed);
  return Array.from(
    { length: n },
    () => Array.from({ length: d }, (_, j) => (j === 1 ? 0 : rng.uniform())),
  );
}

async function hostParams(mlp: Mlp): Promise<Float64Array> {
  const parts = await Promise.all(mlpParameters(mlp).map((p) => p.data()));
  return Float64Array.from(parts.flatMap((p) => Array.from(p)));
}

async function product(
  mlp: Mlp,
  x: number[][],
  y: number[],
  v: Float64Array,
  kind: CurvatureKind,
  mode: TransposeMode,
) {
  const data = toDevice(Float32Array.from(x.flat()), Float32Array.from(y), x.length);
  const h = await mlpCurvatureAt(mlp, data, kind, mode);
  const out = tf.tidy(() => h.apply(tf.tensor1d(Float32Array.from(v))));
  const got = Float64Array.from(await out.data());
  tf.dispose(out);
  h.dispose();
  disposeDeviceData(data);
  return got;
}

function maxAbs(v: ArrayLike<number>): number {
  return Math.max(...Array.from(v, Math.abs));
}

const dims = [4, 5, 5, 1];

for (const [alpha, path] of [1, 1.7].flatMap((a) => paths.map((p) => [a, p] as const))) {
  Deno.test(`mlpCurvatureAt() H v on ${path.name} equals float64 central differences of the float64 gradient to 1e-4 (alpha ${alpha})`, async () => {
    await selectBackend(path.backend);
    const x = rows(7, 4, 1);
    const y = [1, -1, 1, 1, -1, -1, 1];
    const mlp = createMlp({ inputDim: 4, width: 5, depth: 2, seed: 3, outputScale: alpha });
    const theta = await hostParams(mlp);
    const rng = seededRng(4);
    const v = Float64Array.from(theta, () => rng.normal());
    const got = await product(mlp, x, y, v, "hessian", path.mode);
    const grad = (t: Float64Array) => mlpLossAndGrad64(dims, t, x, y, alpha).grad;
    const want = centralHvp(grad, theta, v);
    // float32 products against float64 differences (truncation ~h^2 = 1e-8, rounding ~1e-16/h)
    const scale = maxAbs(want);
    want.forEach((w, i) =>
      assert.ok(Math.abs(got[i]! - w) <= 1e-4 * scale, `entry ${i}: ${got[i]} vs ${w}`)
    );
    disposeMlp(mlp);
  });
}

Deno.test("mlpCurvatureAt() H v of a ReLU MLP equals float64 central differences of the float64 gradient to 1e-4", async () => {
  await selectBackend("wasm");
  const x = rows(7, 4, 1);
  const y = [1, -1, 1, 1, -1, -1, 1];
  const mlp = createMlp({
    inputDim: 4,
    width: 5,
    depth: 2,
    seed: 3,
    outputScale: 1.3,
    activation: "relu",
  });
  const theta = await hostParams(mlp);
  // the gradient is smooth where no pre-activation changes sign: steps of 1e-4 along v (entries
  // of order 1) move a pre-activation by about 1e-3 at most, far from the nearest kink
  assert.ok(minAbsPreActivation(dims, theta, x) > 1e-2);
  const rng = seededRng(4);
  const v = Float64Array.from(theta, () => rng.normal());
  const got = await product(mlp, x, y, v, "hessian", "explicit");
  const want = centralHvp((t) => mlpLossAndGrad64(dims, t, x, y, 1.3, "relu").grad, theta, v);
  const scale = maxAbs(want);
  want.forEach((w, i) =>
    assert.ok(Math.abs(got[i]! - w) <= 1e-4 * scale, `entry ${i}: ${got[i]} vs ${w}`)
  );
  // the Softplus gradient of the same weights has another Hessian: the activation is not ignored
  const softplus = centralHvp((t) => mlpLossAndGrad64(dims, t, x, y, 1.3).grad, theta, v);
  assert.ok(softplus.some((w, i) => Math.abs(got[i]! - w) > 1e-2 * scale));
  disposeMlp(mlp);
});

Deno.test("mlpCurvatureAt() G v is J^T J v / n of the float64 Jacobian of alpha f, and differs from H v off interpolation", async () => {
  await selectBackend("wasm");
  const alpha = 0.8;
  const x = rows(6, 4, 2);
  const y = [1, -1, -1, 1, 1, -1];
  const mlp = createMlp({ inputDim: 4, width: 5, depth: 2, seed: 5, outputScale: alpha });
  const theta = await hostParams(mlp);
  const rng = seededRng(6);
  const v = Float64Array.from(theta, () => rng.normal());
  const gv = await product(mlp, x, y, v, "gauss-newton", "explicit");
  const hv = await product(mlp, x, y, v, "hessian", "explicit");
  const p = theta.length;
  const jac = finiteDifferenceJacobian((t, xi) => mlpForward64(dims, t, xi), theta, x, 1);
  const jv = x.map((_, i) => v.reduce((s, vj, j) => s + jac[i * p + j]! * vj, 0));
  // L = 1/(2 n alpha^2) sum (alpha f - y)^2: G = (alpha J)^T (alpha J) / (n alpha^2) = J^T J / n
  const want = Float64Array.from(
    { length: p },
    (_, j) => jv.reduce((s, u, i) => s + jac[i * p + j]! * u, 0) / x.length,
  );
  const scale = maxAbs(want);
  want.forEach((w, i) => assert.ok(Math.abs(gv[i]! - w) <= 1e-4 * scale, `entry ${i}`));
  const gap = maxAbs(hv.map((h, i) => h - gv[i]!));
  assert.ok(gap > 1e-2 * scale, `the residual term is visible at a point with residuals: ${gap}`);
  disposeMlp(mlp);
});

Deno.test("the dense Hessian from mlpCurvatureAt() has the eigenvalues of the float64 dense Hessian, and Lanczos finds its top one", async () => {
  await selectBackend("wasm");
  const x = rows(8, 4, 7);
  const y = [1, -1, 1, -1, 1, 1, -1, -1];
  const mlp = createMlp({ inputDim: 4, width: 5, depth: 2, seed: 8 });
  const theta = await hostParams(mlp);
  const p = theta.length;
  const data = toDevice(Float32Array.from(x.flat()), Float32Array.from(y), x.length);
  const h = await mlpCurvatureAt(mlp, data);
  const columns = tf.tidy(() =>
    tf.stack(
      Array.from(
        { length: p },
        (_, j) => h.apply(tf.oneHot(j, p).asType("float32") as tf.Tensor1D),
      ),
    )
  );
  const formed = Float64Array.from(await columns.data());
  columns.dispose();
  const mine = symmetricEigenvalues({ n: p, data: formed });
  const grad = (t: Float64Array) => mlpLossAndGrad64(dims, t, x, y).grad;
  const ref = symmetricEigenvalues({ n: p, data: denseHessian(grad, theta) });
  const sorted = (e: Float64Array) => Array.from(e).sort((a, b) => a - b);
  const [a, b] = [sorted(mine), sorted(ref)];
  const top = Math.max(Math.abs(b[0]!), Math.abs(b[p - 1]!));
  a.forEach((e, i) =>
    assert.ok(Math.abs(e - b[i]!) <= 1e-4 * top, `eigenvalue ${i}: ${e} vs ${b[i]}`)
  );
  assert.ok(
    b[0]! < -1e-3 * top,
    "the loss is not convex here: a negative eigenvalue is checked too",
  );
  const lanczos = await lanczosTop(h, { maxIters: p, tol: 1e-6, seed: 0 });
  assert.ok(Math.abs(lanczos.value - b[p - 1]!) <= 1e-4 * top, `${lanczos.value} vs ${b[p - 1]}`);
  lanczos.vector.dispose();
  h.dispose();
  disposeDeviceData(data);
  disposeMlp(mlp);
});

/** lambda_max(H) by Lanczos and lambda_max(K) / (n alpha^2) of the full float32 kernel. */
async function sharpnessAndKernel(mlp: Mlp, x: tf.Tensor2D, y: tf.Tensor2D) {
  const n = x.shape[0];
  const data = toDevice(await x.data() as Float32Array, await y.data() as Float32Array, n);
  const h = await mlpCurvatureAt(mlp, data);
  const top = await lanczosTop(h, { maxIters: 80, tol: 1e-6, seed: 1 });
  const kernel = structuredNtk(mlp, x);
  const eig = symmetricEigenvalues({ n, data: Float64Array.from(await kernel.data()) });
  const alpha = mlp.outputScale;
  const gaussNewton = Math.max(...eig) / (n * alpha * alpha);
  tf.dispose([kernel, top.vector]);
  h.dispose();
  disposeDeviceData(data);
  return { sharpness: top.value, gaussNewton, loss: h.loss };
}

Deno.test("at an interpolating point lambda_max(H) = lambda_max(K) / (n alpha^2); with large residuals it does not", async () => {
  await selectBackend("wasm");
  const n = 40;
  const mlp = createMlp({ inputDim: 6, width: 16, depth: 3, seed: 2, outputScale: 1.3 });
  const x = tf.tensor2d(Float32Array.from(rows(n, 6, 3).flat()), [n, 6]);
  // targets = the network's own outputs: every residual alpha f - y is exactly zero
  const exact = tf.tidy(() => mlpForward(mlp, x));
  const at = await sharpnessAndKernel(mlp, x, exact);
  assert.equal(at.loss, 0);
  assert.ok(
    Math.abs(at.sharpness - at.gaussNewton) <= 1e-4 * at.gaussNewton,
    `${at.sharpness} vs ${at.gaussNewton}`,
  );
  // targets 10 below the outputs (every residual +10): the residual term moves the top by 50%
  const far = tf.tidy(() => tf.sub(exact, 10)) as tf.Tensor2D;
  const off = await sharpnessAndKernel(mlp, x, far);
  assert.ok(off.loss > 1);
  assert.ok(
    Math.abs(off.sharpness - off.gaussNewton) > 0.2 * off.gaussNewton,
    `${off.sharpness} vs ${off.gaussNewton}`,
  );
  tf.dispose([x, exact, far]);
  disposeMlp(mlp);
});

Deno.test("mlpCurvatureAt() keeps only its point's tensors and frees them on dispose", async () => {
  await selectBackend("wasm");
  const x = rows(5, 4, 9);
  const mlp = createMlp({ inputDim: 4, width: 3, depth: 2, seed: 1 });
  const data = toDevice(Float32Array.from(x.flat()), Float32Array.from([1, -1, 1, -1, 1]), 5);
  const before = tf.memory().numTensors;
  const h = await mlpCurvatureAt(mlp, data);
  const v = tf.tidy(() => flatten(mlpParameters(mlp)));
  const during = tf.memory().numTensors;
  tf.tidy(() => {
    h.apply(v);
  });
  assert.equal(tf.memory().numTensors, during, "a product leaves nothing behind");
  h.dispose();
  v.dispose();
  assert.equal(tf.memory().numTensors, before);
  disposeDeviceData(data);
  disposeMlp(mlp);
});
