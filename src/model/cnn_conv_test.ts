import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/backend.ts";
import { ignoreWithout, WEBGPU_ADAPTER } from "../testing/system_parts.ts";
import { conv2dSame } from "./cnn_conv.ts";
import { assertAllClose } from "../testing/assert_close.ts";

/** Values of f on the given backend, as plain arrays. */
async function on<T>(backend: "cpu", f: () => T): Promise<T> {
  await selectBackend(backend);
  return f();
}

const cases: [number[], number[], number][] = [
  [[2, 7, 7, 3], [3, 3, 3, 4], 1],
  [[2, 8, 8, 3], [3, 3, 3, 4], 2],
  [[1, 7, 9, 2], [3, 3, 2, 5], 2],
  [[2, 6, 6, 4], [1, 1, 4, 8], 2],
];

/** Checks conv2dSame() and its gradients on `backend` against the cpu backend's padded conv2d. */
async function checkConv(backend: "wasm" | "webgpu"): Promise<void> {
  for (const [xs, ws, stride] of cases) {
    const xv = Array.from({ length: xs.reduce((a, b) => a * b) }, (_, i) => Math.sin(i * 0.37));
    const wv = Array.from({ length: ws.reduce((a, b) => a * b) }, (_, i) => Math.cos(i * 0.91));
    const pad = (ws[0]! - 1) / 2;
    // Reference: the cpu backend's native conv with explicit symmetric padding.
    const want = await on("cpu", () =>
      tf.tidy(() => {
        const x = tf.tensor4d(xv, xs as [number, number, number, number]);
        const w = tf.tensor4d(wv, ws as [number, number, number, number]);
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.square(
              tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, [
                [0, 0],
                [pad, pad],
                [pad, pad],
                [0, 0],
              ]),
            ),
          );
        const y = tf.conv2d(x, w, stride, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
        const [gx, gw] = tf.grads(f)([x, w]);
        return { y: y.dataSync(), shape: y.shape, gx: gx!.dataSync(), gw: gw!.dataSync() };
      }));
    await selectBackend(backend);
    const [y, gx, gw] = tf.tidy(() => {
      const x = tf.tensor4d(xv, xs as [number, number, number, number]);
      const w = tf.tensor4d(wv, ws as [number, number, number, number]);
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(conv2dSame(a as tf.Tensor4D, b as tf.Tensor4D, stride)));
      const [gx, gw] = tf.grads(f)([x, w]);
      return [conv2dSame(x, w, stride), gx!, gw!];
    });
    const got = { y: await y.data(), shape: y.shape, gx: await gx.data(), gw: await gw.data() };
    tf.dispose([y, gx, gw]);
    const what = `${backend} ${xs} stride ${stride}`;
    assert.deepEqual(got.shape, want.shape, what);
    assertAllClose(got.y, want.y, 1e-5, `y ${what}`, { relative: true });
    assertAllClose(got.gx, want.gx, 1e-5, `dx ${what}`, { relative: true });
    assertAllClose(got.gw, want.gw, 1e-5, `dw ${what}`, { relative: true });
  }
}

Deno.test("conv2dSame() and its gradients on wasm equal the cpu backend's padded tf.conv2d", () =>
  checkConv("wasm"));

Deno.test({
  name: "conv2dSame() and its gradients on webgpu equal the cpu backend's padded tf.conv2d",
  ignore: await ignoreWithout(import.meta.url, WEBGPU_ADAPTER),
  fn: () => checkConv("webgpu"),
});
