import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { BLAS_VARIABLE } from "../blas/blas_library.ts";
import { useBlasMatMul } from "../blas/wasm_matmul.ts";
import { loadBinaryTask } from "../data/binary_task.ts";
import { createMlp, disposeMlp } from "../model/mlp.ts";
import { structuredNtk, structuredNtkBlocked } from "../ntk/structured_ntk.ts";
import { lapackEigenSolver, preferredEigenSolver } from "./lapack_eigen.ts";
import { type EigenSolver, eigenvaluesOnly, symmetricEigenvalues } from "./sym_eigen.ts";
import { ignoreWithout, OPENBLAS } from "../testing/system_parts.ts";
import { loadBlas } from "../blas/blas_library.ts";

const blas = await ignoreWithout(import.meta.url, OPENBLAS) ? null : loadBlas();
const ignore = blas === null;

function randomSymmetric(n: number, seed: number): Float64Array {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = next();
  }
  return a;
}

/** Every eigenvalue of `got` within 1e-9 ||K|| of the reference solver's. */
function assertSameSpectrum(n: number, data: Float64Array, solve: EigenSolver, what: string) {
  for (
    const [name, reference] of [["ml-matrix", symmetricEigenvalues], [
      "Householder + QL",
      eigenvaluesOnly,
    ]] as const
  ) {
    if (name === "ml-matrix" && n > 600) continue; // ml-matrix also builds eigenvectors: slow
    const want = reference({ n, data });
    const got = solve({ n, data });
    const norm = Math.max(Math.abs(want[0]!), Math.abs(want[n - 1]!));
    assert.equal(got.length, n);
    for (let i = 0; i < n; i++) {
      assert.ok(
        Math.abs(got[i]! - want[i]!) <= 1e-9 * norm,
        `${what} vs ${name}: eigenvalue ${i} ${got[i]} vs ${want[i]} (||K|| ${norm})`,
      );
    }
  }
}

Deno.test({
  name: "LAPACK dsyevd gives the current solvers' eigenvalues of random symmetric matrices",
  ignore,
  fn() {
    const solve = lapackEigenSolver(blas!.lapack!);
    assert.deepEqual(Array.from(solve({ n: 1, data: [4] })), [4]);
    assert.deepEqual(Array.from(solve({ n: 2, data: [2, 1, 1, 2] })).map((v) => +v.toFixed(12)), [
      1,
      3,
    ]);
    for (const n of [3, 50, 301]) assertSameSpectrum(n, randomSymmetric(n, n), solve, `n=${n}`);
    // the symmetric part of a non-symmetric input, as the other solvers take it
    const lopsided = Float64Array.of(2, 4, 0, 2);
    assert.deepEqual(Array.from(solve({ n: 2, data: lopsided })).map((v) => +v.toFixed(12)), [
      0,
      4,
    ]);
    assert.throws(() => solve({ n: 2, data: [1, NaN, 0, 1] }), /must be finite, got NaN/);
  },
});

Deno.test({
  name: "LAPACK dsyevd gives the current solvers' eigenvalues of real MNIST NTKs (subset and full)",
  ignore,
  async fn() {
    const solve = lapackEigenSolver(blas!.lapack!);
    await selectBackend("wasm");
    useBlasMatMul(blas);
    const task = await loadBinaryTask({ trainSize: 700 });
    const x = tf.tensor2d(task.x, [task.n, 784]);
    const probe = tf.slice(x, [0, 0], [128, 784]) as tf.Tensor2D;
    const mlp = createMlp({ inputDim: 784, width: 64, seed: 1 });
    const subset = structuredNtk(mlp, probe);
    const k = Float64Array.from(await subset.data());
    const full = await structuredNtkBlocked(mlp, x, 256);
    useBlasMatMul(null);
    tf.dispose([x, probe, subset]);
    disposeMlp(mlp);
    assertSameSpectrum(128, k, solve, "subset NTK k=128");
    assertSameSpectrum(task.n, full, solve, `full NTK n=${task.n}`);
  },
});

Deno.test("preferredEigenSolver() falls back to the given solver when no LAPACK loads", () => {
  const saved = Deno.env.get(BLAS_VARIABLE);
  try {
    Deno.env.set(BLAS_VARIABLE, "off");
    const chosen = preferredEigenSolver({ solve: eigenvaluesOnly, name: "fallback" });
    assert.equal(chosen.name, "fallback");
    assert.equal(chosen.solve, eigenvaluesOnly);
  } finally {
    if (saved === undefined) Deno.env.delete(BLAS_VARIABLE);
    else Deno.env.set(BLAS_VARIABLE, saved);
  }
  if (blas !== null) {
    assert.match(
      preferredEigenSolver({ solve: eigenvaluesOnly, name: "x" }).name,
      /^LAPACK dsyevd/,
    );
  }
});
