import assert from "node:assert/strict";
import {
  FASHION_MNIST,
  FASHION_MNIST_DIR as FASHION,
  ignoreWithout,
} from "../testing/system_parts.ts";
import { encodeIdx, findIdxFile, parseIdx, readIdxFile } from "./idx.ts";

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("readIdxFile() reads a generated file, plain and gzip, byte for byte", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 37) % 256);
    const bytes = encodeIdx([2, 3, 4], data);
    assert.deepEqual(Array.from(bytes.subarray(0, 8)), [0, 0, 8, 3, 0, 0, 0, 2]);
    await Deno.writeFile(`${dir}/a`, bytes);
    await Deno.writeFile(`${dir}/b.gz`, await gzip(bytes));
    for (const path of [`${dir}/a`, `${dir}/b.gz`]) {
      const idx = await readIdxFile(path);
      assert.deepEqual(idx.shape, [2, 3, 4]);
      assert.deepEqual(Array.from(idx.data), Array.from(data));
    }
    assert.equal(await findIdxFile(dir, "b"), `${dir}/b.gz`);
    await assert.rejects(() => findIdxFile(dir, "c"), /Cannot find c or c.gz in data directory/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readIdxFile() refuses truncated, oversized and bad-magic files, naming the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = encodeIdx([5, 2, 2], new Uint8Array(20).fill(7));
    await Deno.writeFile(`${dir}/short`, bytes.subarray(0, bytes.length - 3));
    await assert.rejects(() => readIdxFile(`${dir}/short`), /short: size mismatch.*truncated/);
    await Deno.writeFile(`${dir}/long`, Uint8Array.from([...bytes, 1]));
    await assert.rejects(() => readIdxFile(`${dir}/long`), /long: size mismatch/);
    const bad = bytes.slice();
    bad[0] = 0x42;
    await Deno.writeFile(`${dir}/magic`, bad);
    await assert.rejects(() => readIdxFile(`${dir}/magic`), /magic: bad magic number 0x42000803/);
    const gz = await gzip(bytes);
    await Deno.writeFile(`${dir}/cut.gz`, gz.subarray(0, gz.length - 10));
    await assert.rejects(() => readIdxFile(`${dir}/cut.gz`), /cut.gz: corrupt or truncated gzip/);
    assert.throws(() => parseIdx(bytes.subarray(0, 9), "hdr"), /hdr: truncated header/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "readIdxFile() reads Debian's Fashion-MNIST training set: 60000 images of 28x28",
  ignore: await ignoreWithout(import.meta.url, FASHION_MNIST),
}, async () => {
  const images = await readIdxFile(await findIdxFile(FASHION, "train-images-idx3-ubyte"));
  const labels = await readIdxFile(await findIdxFile(FASHION, "train-labels-idx1-ubyte"));
  assert.deepEqual(images.shape, [60000, 28, 28]);
  assert.deepEqual(labels.shape, [60000]);
  const counts = new Array(10).fill(0);
  for (const c of labels.data) counts[c]++;
  assert.deepEqual(counts, new Array(10).fill(6000)); // Fashion-MNIST is balanced by construction
});
