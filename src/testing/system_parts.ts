/**
 * Tests that need a part of the system beyond Deno (a browser, a GPU adapter, Slurm, root, a
 * Debian dataset, a native library). On a machine without the part such a test is skipped with one
 * line naming the part and the command that installs it; where the environment says every part must
 * be there (`CI=true`, or `PLBENCH_REQUIRE_SYSTEM=1`) a missing part fails the test file instead.
 *
 * @example
 * Deno.test({ name: "...", ignore: await ignoreWithout(import.meta.url, ROOT_USER, SLURM), fn });
 */

import { BLAS_PACKAGE, blasAbsence, loadBlas } from "../blas/blas_library.ts";

/** The command that installs every system part the tests use (on Debian). */
export const INSTALL_COMMAND = "sudo .ci/run";

/** A part of the system some tests need. */
export interface SystemPart {
  /** What it is, in words, e.g. "Chromium". */
  name: string;
  /** The Debian packages that provide it (none for e.g. root). */
  debian: readonly string[];
  /** Why it is missing on this machine (e.g. "/usr/bin/chromium not found"), or null if present. */
  missing(): Promise<string | null>;
}

/** A part that is missing: its name, why, and the Debian packages that provide it. */
export interface MissingPart {
  name: string;
  why: string;
  debian: readonly string[];
}

/** What a test file does about its parts: skip (with the line to print) or run. */
export interface Verdict {
  ignore: boolean;
  /** The one line to print when skipping; null when the tests run. */
  line: string | null;
}

/** Raised, in place of a skip, when system parts are mandatory and one is missing. */
export class MissingSystemPartError extends Error {
  override name = "MissingSystemPartError";
}

const TRUE = new Set(["1", "true", "yes"]);

/**
 * Whether missing system parts fail rather than skip: `CI` or `PLBENCH_REQUIRE_SYSTEM` set to
 * 1, true or yes (any case).
 */
export function systemPartsRequired(env: (name: string) => string | undefined): boolean {
  return ["CI", "PLBENCH_REQUIRE_SYSTEM"].some((k) => TRUE.has((env(k) ?? "").toLowerCase()));
}

/**
 * The rule: nothing missing runs the tests; something missing skips them with one line naming the
 * parts and the install command, or, when parts are `required`, throws MissingSystemPartError.
 */
export function verdict(where: string, missing: MissingPart[], required: boolean): Verdict {
  if (missing.length === 0) return { ignore: false, line: null };
  const parts = missing.map((m) => `${m.name} (${m.why})`).join(", ");
  const packages = missing.flatMap((m) => m.debian);
  const install = `\`${INSTALL_COMMAND}\`` +
    (packages.length === 0 ? "" : ` (Debian packages ${packages.join(" ")})`);
  if (required) {
    throw new MissingSystemPartError(
      `${where} needs ${parts}; system parts are mandatory here (CI or PLBENCH_REQUIRE_SYSTEM ` +
        `set): install with ${install}`,
    );
  }
  return { ignore: true, line: `SKIP ${where}: needs ${parts}; install with ${install}` };
}

const ROOT_URL = new URL("../../", import.meta.url).href;
const seen = new Map<string, Promise<boolean>>();

/** A test file's path relative to the repository root (from its `import.meta.url`). */
function relativeName(url: string): string {
  return url.startsWith(ROOT_URL) ? url.slice(ROOT_URL.length) : url;
}

/**
 * The `ignore` value of Deno.test for a test in the file `url` (its `import.meta.url`) that needs
 * `parts`: false when all are present; true when one is missing, after printing the one skip line
 * (once per file and set of parts); throws MissingSystemPartError when parts are mandatory.
 */
export function ignoreWithout(url: string, ...parts: SystemPart[]): Promise<boolean> {
  const key = `${url} ${parts.map((p) => p.name).join("|")}`;
  let decided = seen.get(key);
  if (decided === undefined) {
    decided = (async () => {
      const reasons = await Promise.all(parts.map((p) => p.missing()));
      const missing = parts.flatMap((p, i) => {
        const why = reasons[i];
        return why === null || why === undefined ? [] : [{ name: p.name, why, debian: p.debian }];
      });
      const required = systemPartsRequired((k) => Deno.env.get(k));
      const v = verdict(relativeName(url), missing, required);
      if (v.line !== null) console.warn(v.line);
      return v.ignore;
    })();
    seen.set(key, decided);
  }
  return decided;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied) {
      return false;
    }
    throw e;
  }
}

/**
 * A part that is present when any of `paths` is a file (a binary, a library, a data file);
 * `absent` says what is missing otherwise (default: the paths).
 */
export function filePart(
  name: string,
  debian: readonly string[],
  paths: readonly string[],
  absent = paths.length === 1 ? `${paths[0]} not found` : `none of ${paths.join(", ")} found`,
): SystemPart {
  return {
    name,
    debian,
    async missing() {
      for (const path of paths) if (await isFile(path)) return null;
      return absent;
    },
  };
}

const BIN_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** A part that is present when every one of `commands` is a file in a system bin folder. */
export function commandsPart(
  name: string,
  debian: readonly string[],
  commands: readonly string[],
): SystemPart {
  return {
    name,
    debian,
    async missing() {
      const absent: string[] = [];
      for (const cmd of commands) {
        const found = await Promise.all(BIN_DIRS.map((d) => isFile(`${d}/${cmd}`)));
        if (!found.includes(true)) absent.push(cmd);
      }
      return absent.length === 0 ? null : `${absent.join(", ")} not found`;
    },
  };
}

/** A WebGPU adapter (on Linux without a GPU: Mesa's software Vulkan driver, lavapipe). */
export const WEBGPU_ADAPTER: SystemPart = {
  name: "a WebGPU adapter",
  debian: ["mesa-vulkan-drivers", "libvulkan1"],
  async missing() {
    if (typeof navigator === "undefined" || navigator.gpu === undefined) {
      return "navigator.gpu is undefined";
    }
    const adapter = await navigator.gpu.requestAdapter();
    const backends = Deno.env.get("DENO_WEBGPU_BACKEND");
    return adapter === null
      ? `navigator.gpu gives no adapter${backends ? ` (DENO_WEBGPU_BACKEND=${backends})` : ""}`
      : null;
  },
};

/** Slurm's daemons and client commands and munge (a one-node cluster is started from them). */
export const SLURM: SystemPart = commandsPart(
  "Slurm",
  ["slurmctld", "slurmd", "slurm-client", "munge"],
  ["sbatch", "slurmctld", "slurmd", "munged"],
);

/** Running as root (starting Slurm's daemons needs it). */
export const ROOT_USER: SystemPart = {
  name: "root",
  debian: [],
  missing: () => Promise.resolve(Deno.uid() === 0 ? null : `running as uid ${Deno.uid()}`),
};

/** Debian's Fashion-MNIST IDX files. */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** Fashion-MNIST from Debian's archive, at FASHION_MNIST_DIR. */
export const FASHION_MNIST: SystemPart = filePart(
  "Fashion-MNIST",
  ["dataset-fashion-mnist"],
  [
    `${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`,
    `${FASHION_MNIST_DIR}/train-images-idx3-ubyte`,
  ],
  `no training images in ${FASHION_MNIST_DIR}`,
);

/**
 * The system BLAS with LAPACK's dsyevd, as plbench loads it (OpenBLAS on Linux, Accelerate on
 * macOS; `PLBENCH_BLAS=off` hides it).
 */
export const OPENBLAS: SystemPart = {
  name: "OpenBLAS",
  debian: [BLAS_PACKAGE],
  missing() {
    const blas = loadBlas();
    if (blas === null) return Promise.resolve(`no BLAS loads: ${blasAbsence()}`);
    return Promise.resolve(blas.lapack === null ? `${blas.library} has no LAPACK dsyevd_` : null);
  },
};

/**
 * Building and running plbench's image without an image registry: mmdebstrap (the base), podman
 * (importing it), buildah (building and running), and util-linux's unshare and nsenter with
 * iproute2's ip for a network namespace with nothing but loopback.
 */
export const CONTAINER_TOOLS: SystemPart = commandsPart(
  "the container tools",
  ["mmdebstrap", "podman", "buildah", "iproute2"],
  ["mmdebstrap", "podman", "buildah", "unshare", "nsenter", "ip"],
);
