/**
 * A fingerprint of the code that computes a run's numbers: the SHA-256 of the source files (tests
 * and benchmarks left out) of the folders given, by path. A training state records it, so a
 * checkpoint or a final state written by other training code (a changed kernel, a changed probe)
 * is not continued: the result would not be the one a run from scratch gives today.
 */
import { createHash } from "node:crypto";

/** Whether a file of a fingerprinted folder is code that runs (not a test, bench or test data). */
function isCode(name: string): boolean {
  return name.endsWith(".ts") && !name.endsWith("_test.ts") && !name.endsWith("_bench.ts");
}

/**
 * The first 16 hex digits of the SHA-256 of the code files directly in `folders` (file URLs of
 * folders, ending in `/`), each hashed with its path relative to `root`.
 */
export async function codeFingerprint(folders: readonly URL[], root: URL): Promise<string> {
  const files: string[] = [];
  for (const folder of folders) {
    for await (const entry of Deno.readDir(folder)) {
      if (entry.isFile && isCode(entry.name)) files.push(new URL(entry.name, folder).href);
    }
  }
  const hash = createHash("sha256");
  for (const href of files.sort()) {
    hash.update(href.slice(root.href.length) + "\n");
    hash.update(await Deno.readFile(new URL(href)));
  }
  return hash.digest("hex").slice(0, 16);
}

const SRC = new URL("../", import.meta.url);

/**
 * The folders whose code computes a training run's numbers (trainer, model, probes: the NTK's and
 * the sharpness', kernels).
 */
export const TRAINING_CODE: readonly URL[] = [
  "train/",
  "model/",
  "ntk/",
  "hessian/",
  "linalg/",
  "blas/",
  "backend/",
  "data/",
  "checkpoint/",
].map((f) => new URL(f, SRC));

let cached: Promise<string> | null = null;

/** The fingerprint of this checkout's training code (computed once per process). */
export function trainingCodeFingerprint(): Promise<string> {
  cached ??= codeFingerprint(TRAINING_CODE, new URL("../", SRC));
  return cached;
}
