/**
 * Reader for the IDX format of the official MNIST (and Fashion-MNIST) files, plain or gzip.
 * Format: two zero bytes, a type byte (0x08 = unsigned byte), the number of dimensions, the
 * dimensions as big-endian uint32, then the data.
 */

/** An unsigned-byte IDX array. */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/** Parses IDX bytes; `name` is used in error messages (a file path). */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  const fail = (what: string) => new Error(`Cannot read IDX file ${name}: ${what}`);
  if (bytes.length < 4) throw fail(`too short for a header (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0"))
      .join("");
    throw fail(`bad magic number 0x${magic}, expected 0x0000080N`);
  }
  if (bytes[2] !== 0x08) {
    throw fail(`element type 0x${bytes[2]!.toString(16)} is not unsigned byte (0x08)`);
  }
  const ndim = bytes[3]!;
  if (ndim < 1) throw fail("zero dimensions");
  const header = 4 + 4 * ndim;
  if (bytes.length < header) {
    throw fail(`truncated header: ${bytes.length} bytes, ${header} needed for ${ndim} dimensions`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const size = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - header !== size) {
    throw fail(
      `size mismatch: shape [${shape.join(", ")}] needs ${size} data bytes, ` +
        `file has ${bytes.length - header}${bytes.length - header < size ? " (truncated)" : ""}`,
    );
  }
  return { shape, data: bytes.subarray(header) };
}

/** Encodes an unsigned-byte array as IDX bytes (for tests and fixtures). */
export function encodeIdx(shape: number[], data: Uint8Array): Uint8Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) {
    throw new RangeError(
      `Cannot encode IDX: shape [${shape}] needs ${size} bytes, got ${data.length}`,
    );
  }
  const out = new Uint8Array(4 + 4 * shape.length + size);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}

async function gunzip(bytes: Uint8Array, path: string): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
      .pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new Error(
      `Cannot read IDX file ${path}: corrupt or truncated gzip data (${(e as Error).message})`,
    );
  }
}

/** Reads an IDX file, gunzipping it when it starts with the gzip magic bytes. */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes: Uint8Array = await Deno.readFile(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzip(bytes, path);
  return parseIdx(bytes, path);
}

/** Finds `<dir>/<base>` or `<dir>/<base>.gz`; throws naming both when neither exists. */
export async function findIdxFile(dir: string, base: string): Promise<string> {
  for (const name of [base, `${base}.gz`]) {
    const path = `${dir.replace(/\/+$/, "")}/${name}`;
    try {
      if ((await Deno.stat(path)).isFile) return path;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  throw new Error(`Cannot find ${base} or ${base}.gz in data directory ${dir}`);
}

/** The 28x28 training images of an IDX folder with their labels (shapes checked together). */
export interface IdxTrainingSet {
  /** [n, 28, 28] unsigned bytes. */
  images: IdxArray;
  /** [n] class labels. */
  classes: IdxArray;
  /** The images file read (plain or .gz), for messages. */
  imagePath: string;
}

/**
 * Reads train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] from `dir`; throws naming
 * the file when one is missing, malformed, truncated, or does not match the other.
 */
export async function readIdxTrainingSet(dir: string): Promise<IdxTrainingSet> {
  const imagePath = await findIdxFile(dir, "train-images-idx3-ubyte");
  const labelPath = await findIdxFile(dir, "train-labels-idx1-ubyte");
  const images = await readIdxFile(imagePath);
  const classes = await readIdxFile(labelPath);
  if (images.shape.length !== 3 || images.shape[1] !== 28 || images.shape[2] !== 28) {
    throw new Error(
      `Cannot use IDX file ${imagePath}: expected shape [n, 28, 28], got [${images.shape}]`,
    );
  }
  if (classes.shape.length !== 1 || classes.shape[0] !== images.shape[0]) {
    throw new Error(
      `Cannot use IDX file ${labelPath}: expected ${images.shape[0]} labels to match ` +
        `${imagePath}, got shape [${classes.shape}]`,
    );
  }
  return { images, classes, imagePath };
}
