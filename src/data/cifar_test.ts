import assert from "node:assert/strict";
import {
  checkCifarDir,
  CIFAR_RECORD_BYTES,
  CIFAR_TEST_FILE,
  CIFAR_TRAIN_FILES,
  parseCifarRecords,
  parseClassList,
  readCifar,
} from "./cifar.ts";

/** Pixel byte of image `id` at row r, column c, channel ch: a pattern the test can recompute. */
function pixel(id: number, r: number, c: number, ch: number): number {
  return (id * 7 + r * 3 + c * 5 + ch * 11) % 256;
}

/** Encodes records (label, id) in the official layout: label byte, then R, G, B planes. */
function encode(records: [number, number][]): Uint8Array {
  const bytes = new Uint8Array(records.length * CIFAR_RECORD_BYTES);
  records.forEach(([label, id], i) => {
    const start = i * CIFAR_RECORD_BYTES;
    bytes[start] = label;
    for (let ch = 0; ch < 3; ch++) {
      for (let r = 0; r < 32; r++) {
        for (let c = 0; c < 32; c++) {
          bytes[start + 1 + ch * 1024 + r * 32 + c] = pixel(id, r, c, ch);
        }
      }
    }
  });
  return bytes;
}

async function writeDir(perFile: [number, number][][]): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "cifar_test_" });
  const names = [...CIFAR_TRAIN_FILES, CIFAR_TEST_FILE];
  for (let f = 0; f < names.length; f++) {
    await Deno.writeFile(`${dir}/${names[f]}`, encode(perFile[f] ?? [[0, 100 + f]]));
  }
  return dir;
}

Deno.test("parseCifarRecords() decodes channel-major records into NHWC pixels in [0, 1]", () => {
  const { x, labels } = parseCifarRecords(encode([[3, 1], [7, 2], [4, 3]]), "mem", [3, 4]);
  assert.deepEqual([...labels], [0, 1]);
  for (const [i, id] of [[0, 1], [1, 3]]) {
    for (const [r, c, ch] of [[0, 0, 0], [5, 9, 1], [31, 31, 2], [17, 2, 0]]) {
      const got = x[((i! * 32 + r!) * 32 + c!) * 3 + ch!]!;
      assert(Math.abs(got - pixel(id!, r!, c!, ch!) / 255) < 1e-7, `image ${i} (${r},${c},${ch})`);
    }
  }
});

Deno.test("readCifar() reads the five training files in order and keeps the chosen classes", async () => {
  const dir = await writeDir([[[0, 1], [9, 2]], [[4, 3]], [[5, 4]], [[1, 5], [2, 6]], [[3, 7]]]);
  try {
    const train = await readCifar(dir, "train", [0, 1, 2, 3, 4]);
    assert.deepEqual(train.n, 5);
    assert.deepEqual([...train.labels], [0, 4, 1, 2, 3]);
    assert.deepEqual([train.height, train.width, train.channels, train.classes], [32, 32, 3, 5]);
    // The second kept image is id 3 (from data_batch_2.bin): check one pixel of it.
    const got = train.x[((1 * 32 + 2) * 32 + 3) * 3 + 1]!;
    assert.ok(Math.abs(got - pixel(3, 2, 3, 1) / 255) < 1e-7);
    const test = await readCifar(dir, "test", [0, 9]);
    assert.deepEqual(test.n, 1);
    assert.deepEqual(test.x.length, 32 * 32 * 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readCifar() refuses a directory without the binary files, naming the file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cifar_test_" });
  try {
    await assert.rejects(() => readCifar(dir, "train", [0, 1]), /missing file .*data_batch_1\.bin/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readCifar() refuses a file whose size is not a multiple of 3073 bytes", async () => {
  const dir = await writeDir([]);
  try {
    await Deno.writeFile(`${dir}/data_batch_3.bin`, new Uint8Array(3074));
    await assert.rejects(
      () => readCifar(dir, "train", [0, 1]),
      /data_batch_3\.bin: size must be a positive multiple of 3073 .* got 3074/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseCifarRecords() refuses a label above 9, naming file and record", () => {
  assert.throws(
    () => parseCifarRecords(encode([[1, 1], [12, 2]]), "x.bin", [0, 1]),
    /x\.bin: record 1 has label 12, expected 0\.\.9/,
  );
});

Deno.test("parseClassList() accepts digit lists and refuses repeats and other text", () => {
  assert.deepEqual(parseClassList("0,1,2,3,4"), [0, 1, 2, 3, 4]);
  assert.throws(() => parseClassList("0,0"), /at least two distinct classes/);
  assert.throws(() => parseClassList("0-4"), /comma-separated digits .* got "0-4"/);
});

Deno.test("checkCifarDir() passes a full folder and names the first missing training batch", async () => {
  const dir = await writeDir([]);
  try {
    await checkCifarDir(dir);
    await Deno.remove(`${dir}/data_batch_3.bin`);
    await assert.rejects(() => checkCifarDir(dir), /missing file .*data_batch_3\.bin/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
