import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { createMlp, disposeMlp, type Mlp, mlpForward } from "../model/mlp.ts";
import { disposeDeviceData, mlpLossAndGrads, toDevice } from "./mlp_backprop.ts";
import { ignoreWithout, OPENBLAS } from "../testing/system_parts.ts";
import { loadBlas } from "../blas/blas_library.ts";
import { activate64, type Activation } from "../model/activation.ts";

interface HostLayer {
  w: Float64Array;
  b: Float64Array;
  fanIn: number;
  fanOut: number;
}

async function hostLayers(mlp: Mlp): Promise<HostLayer[]> {
  return await Promise.all(mlp.layers.map(async ({ w, b }) => ({
    w: Float64Array.from(await w.data()),
    b: Float64Array.from(await b.data()),
    fanIn: w.shape[0]!,
    fanOut: w.shape[1]!,
  })));
}

/** Float64 loss 1/(2 n alpha^2) sum (alpha f - y)^2 on the host: the independent reference. */
function hostLoss(
  layers: HostLayer[],
  x: number[][],
  y: number[],
  alpha: number,
  activation: Activation,
): number {
  let total = 0;
  x.forEach((row, i) => {
    let a = row;
    layers.forEach(({ w, b, fanOut }, l) => {
      const z = Array.from(
        { length: fanOut },
        (_, j) => a.reduce((s, v, k) => s + v * w[k * fanOut + j]!, b[j]!),
      );
      a = l + 1 < layers.length ? z.map((v) => activate64(v, activation)) : z;
    });
    total += (alpha * a[0]! - y[i]!) ** 2;
  });
  return total / (2 * x.length * alpha * alpha);
}

function randomRows(n: number, d: number, seed: number): number[][] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => next()));
}

const blas = await ignoreWithout(import.meta.url, OPENBLAS) ? null : loadBlas();
const paths = [
  { name: "plain wasm", backend: "wasm" as const, mode: "explicit" as const },
  ...(blas === null ? [] : [{ name: "BLAS", backend: "blas" as const, mode: "flags" as const }]),
];

/** The smallest |pre-activation| of a hidden unit: ReLU's differences need none near its kink. */
function minAbsHidden(layers: HostLayer[], x: number[][]): number {
  let min = Infinity;
  for (const row of x) {
    let a = row;
    for (const { w, b, fanOut } of layers.slice(0, -1)) {
      const z = Array.from(
        { length: fanOut },
        (_, j) => a.reduce((s, v, k) => s + v * w[k * fanOut + j]!, b[j]!),
      );
      for (const v of z) min = Math.min(min, Math.abs(v));
      a = z.map((v) => Math.max(v, 0));
    }
  }
  return min;
}

const cases = [1, 1.7].flatMap((alpha) =>
  paths.flatMap((path) =>
    (["softplus", "relu"] as const).map((activation) => ({ alpha, path, activation }))
  )
);
for (const { alpha, path, activation } of cases) {
  Deno.test(`mlpLossAndGrads() with ${activation} on ${path.name} matches float64 central differences (alpha ${alpha}) to 1e-4 of the largest entry`, async () => {
    await selectBackend(path.backend);
    const x = randomRows(6, 3, 5);
    const y = [1, -1, 1, 1, -1, -1];
    const mlp = createMlp({
      inputDim: 3,
      width: 4,
      depth: 2,
      seed: 2,
      outputScale: alpha,
      activation,
    });
    const data = toDevice(Float32Array.from(x.flat()), Float32Array.from(y), 6);
    const { loss, gW, gB } = tf.tidy(() => mlpLossAndGrads(mlp, data, 1, path.mode));
    const layers = await hostLayers(mlp);
    const h = 1e-5;
    // ReLU is linear away from its kink: differences of step h are exact where no unit is within h
    if (activation === "relu") assert.ok(minAbsHidden(layers, x) > 100 * h);
    const l0 = hostLoss(layers, x, y, alpha, activation);
    assert.ok(Math.abs((await loss.data())[0]! - l0) < 1e-6 * (1 + l0));
    for (let l = 0; l < layers.length; l++) {
      for (const [host, grad] of [[layers[l]!.w, gW[l]!], [layers[l]!.b, gB[l]!]] as const) {
        const got = await grad.data();
        const scale = Math.max(...Array.from(got, Math.abs));
        for (let i = 0; i < host.length; i++) {
          const keep = host[i]!;
          host[i] = keep + h;
          const up = hostLoss(layers, x, y, alpha, activation);
          host[i] = keep - h;
          const down = hostLoss(layers, x, y, alpha, activation);
          host[i] = keep;
          const fd = (up - down) / (2 * h);
          // float32 backward vs float64 differences (truncation ~h^2, rounding ~1e-16/h)
          assert.ok(
            Math.abs(got[i]! - fd) <= 1e-4 * scale + 1e-7,
            `layer ${l} entry ${i}: ${got[i]} vs ${fd}`,
          );
        }
      }
    }
    tf.dispose([loss, ...gW, ...gB]);
    disposeDeviceData(data);
    disposeMlp(mlp);
  });
}

Deno.test("mlpLossAndGrads() equals tf.grads of the plain forward pass, in both transpose modes", async () => {
  await selectBackend("wasm");
  const n = 64, d = 20;
  // Columns 0, 7 and 19 are zero in every sample, as MNIST's border pixels are: the first layer
  // then works on the other columns only, and must still give every row of its gradient.
  const x = randomRows(n, d, 9).map((row) => row.map((v, j) => [0, 7, 19].includes(j) ? 0 : v));
  const y = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : -1));
  const mlp = createMlp({ inputDim: d, width: 32, depth: 4, seed: 1, outputScale: 0.5 });
  const data = toDevice(Float32Array.from(x.flat()), Float32Array.from(y), n);
  assert.equal(data.active?.x.shape[1], d - 3, "the zero columns are left out of the products");
  const variables = mlp.layers.flatMap(({ w, b }) => [w, b]);
  const reference = tf.grads((...params: tf.Tensor[]) => {
    const sub: Mlp = {
      ...mlp,
      layers: mlp.layers.map((_, l) => ({
        w: params[2 * l],
        b: params[2 * l + 1],
      })) as Mlp["layers"],
    };
    const r = tf.sub(mlpForward(sub, data.x), data.y);
    return tf.div(tf.sum(tf.square(r)), 2 * n * 0.25);
  })(variables);
  for (const mode of ["explicit", "flags"] as const) {
    const before = tf.memory().numTensors;
    const { loss, gW, gB } = tf.tidy(() => mlpLossAndGrads(mlp, data, -0.1, mode));
    assert.equal(
      tf.memory().numTensors,
      before + 1 + gW.length + gB.length,
      "only the results survive",
    );
    const mine = mlp.layers.flatMap((_, l) => [gW[l]!, gB[l]!]);
    for (let i = 0; i < mine.length; i++) {
      const want = await reference[i]!.data();
      const got = await mine[i]!.data();
      const scale = Math.max(...Array.from(want, Math.abs));
      want.forEach((v, j) =>
        assert.ok(Math.abs(got[j]! / -0.1 - v) <= 1e-4 * scale, `${mode} tensor ${i}[${j}]`)
      );
    }
    tf.dispose([loss, ...mine]);
  }
  tf.dispose(reference);
  disposeDeviceData(data);
  disposeMlp(mlp);
});
