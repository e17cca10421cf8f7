/**
 * The system's BLAS (and the LAPACK that usually comes with it) through Deno FFI: OpenBLAS on
 * Linux (`libopenblas.so.0`, else `libblas.so.3`, whose LAPACK may live in `liblapack.so.3`),
 * Accelerate on macOS. `PLBENCH_BLAS` overrides the search: `off` loads nothing (plain
 * WebAssembly and the JavaScript eigensolvers), a comma-separated list of library paths tries
 * those instead. The library is opened once per process.
 */

/** The environment variable that overrides which BLAS library is loaded. */
export const BLAS_VARIABLE = "PLBENCH_BLAS";

/** The Debian package that provides the default library (for messages). */
export const BLAS_PACKAGE = "libopenblas0-pthread";

const ACCELERATE = "/System/Library/Frameworks/Accelerate.framework/Accelerate";

/** CBLAS constants (row-major order, transposes, triangles). */
export const CBLAS = { rowMajor: 101, noTrans: 111, trans: 112, upper: 121, lower: 122 } as const;

const BLAS_SYMBOLS = {
  cblas_sgemm: {
    // order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "pointer",
      "i32",
      "pointer",
      "i32",
      "f32",
      "pointer",
      "i32",
    ],
    result: "void",
  },
  openblas_set_num_threads: { parameters: ["i32"], result: "void", optional: true },
  openblas_get_num_threads: { parameters: [], result: "i32", optional: true },
} as const;

// Fortran calling convention: every argument by pointer, then the hidden lengths of the two
// character arguments (gfortran passes them as size_t; a callee that does not read them is fine).
const LAPACK_SYMBOLS = {
  // JOBZ, UPLO, N, A, LDA, W, WORK, LWORK, IWORK, LIWORK, INFO, len(JOBZ), len(UPLO)
  dsyevd_: {
    parameters: [...Array(11).fill("pointer"), "usize", "usize"],
    result: "void",
    optional: true,
  },
} as const;

type BlasSymbols = Deno.DynamicLibrary<typeof BLAS_SYMBOLS>["symbols"];
type LapackSymbols = Deno.DynamicLibrary<typeof LAPACK_SYMBOLS>["symbols"];

/** LAPACK's symmetric eigensolver, if some library provides it. */
export interface Lapack {
  /** Library the routine came from. */
  library: string;
  dsyevd: NonNullable<LapackSymbols["dsyevd_"]>;
}

/** An opened BLAS library. */
export interface BlasLibrary {
  /** The name or path it was opened by, e.g. `libopenblas.so.0`. */
  library: string;
  sgemm: BlasSymbols["cblas_sgemm"];
  /** Sets the number of threads BLAS uses where the library allows it; returns the count in use. */
  setThreads(threads: number): number | null;
  /** Threads in use, or null where the library does not say (Accelerate, reference BLAS). */
  threads(): number | null;
  lapack: Lapack | null;
}

/** The libraries to try, in order, given the OS and the value of `PLBENCH_BLAS`. */
export function blasCandidates(os: string, setting: string | undefined): string[] {
  const value = (setting ?? "").trim();
  if (value === "off" || value === "none") return [];
  if (value !== "") return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (os === "darwin") return [ACCELERATE];
  if (os === "windows") return ["libopenblas.dll"];
  return ["libopenblas.so.0", "libblas.so.3"];
}

function openLapack(name: string): Lapack | null {
  // The BLAS library itself (OpenBLAS, Accelerate) or the system's separate LAPACK.
  for (const candidate of [name, "liblapack.so.3"]) {
    try {
      const lib = Deno.dlopen(candidate, LAPACK_SYMBOLS);
      if (lib.symbols.dsyevd_ !== null) return { library: candidate, dsyevd: lib.symbols.dsyevd_ };
      lib.close();
    } catch {
      // not there: try the next one
    }
  }
  return null;
}

/** Variables OpenBLAS and Accelerate read when they load: the size of their thread pool. */
const THREAD_VARIABLES = ["OPENBLAS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"];

/** Opens `name` with `threads` (where the user set none) in the pool-size variables while it loads. */
function dlopenWith(name: string, threads: number | undefined) {
  const unset = THREAD_VARIABLES.filter((v) => Deno.env.get(v) === undefined);
  if (threads !== undefined) { for (const v of unset) Deno.env.set(v, String(threads)); }
  try {
    return Deno.dlopen(name, BLAS_SYMBOLS);
  } finally {
    for (const v of unset) Deno.env.delete(v);
  }
}

function open(name: string, threads: number | undefined): BlasLibrary | null {
  let lib: Deno.DynamicLibrary<typeof BLAS_SYMBOLS>;
  try {
    lib = dlopenWith(name, threads);
  } catch {
    return null;
  }
  const s = lib.symbols;
  const inUse = () => s.openblas_get_num_threads === null ? null : s.openblas_get_num_threads();
  return {
    library: name,
    sgemm: s.cblas_sgemm,
    setThreads(count: number): number | null {
      if (!Number.isInteger(count) || count < 1) {
        throw new RangeError(`Cannot set BLAS threads: expected an integer >= 1, got ${count}`);
      }
      s.openblas_set_num_threads?.(count);
      return inUse();
    },
    threads: inUse,
    lapack: openLapack(name),
  };
}

let cached: { key: string; lib: BlasLibrary | null } | null = null;

/**
 * The first library of `blasCandidates` that opens and exports `cblas_sgemm`, or null. Opened
 * once per process; later calls return the same library. `threads` sizes the library's thread
 * pool as it loads (OPENBLAS_NUM_THREADS, VECLIB_MAXIMUM_THREADS, unless the user set them): a
 * pool larger than its use costs spinning threads on a busy machine.
 *
 * @example
 * const blas = loadBlas({ threads: 1 });
 * if (blas !== null) console.log(blas.library, blas.threads()); // "libopenblas.so.0" 1
 */
export function loadBlas(options: { threads?: number } = {}): BlasLibrary | null {
  const candidates = blasCandidates(Deno.build.os, Deno.env.get(BLAS_VARIABLE));
  const key = candidates.join(",");
  if (cached !== null && cached.key === key) return cached.lib;
  let lib: BlasLibrary | null = null;
  for (const name of candidates) {
    lib = open(name, options.threads);
    if (lib !== null) break;
  }
  cached = { key, lib };
  return lib;
}

/** Why no BLAS loads: what was tried, or the setting that turned it off. */
export function blasAbsence(): string {
  const tried = blasCandidates(Deno.build.os, Deno.env.get(BLAS_VARIABLE));
  return tried.length === 0
    ? `${BLAS_VARIABLE}=${Deno.env.get(BLAS_VARIABLE)}`
    : `tried ${tried.join(", ")}`;
}

/** One line saying that no BLAS loaded and how to get one (for the terminal and reports). */
export function noBlasMessage(): string {
  return `no system BLAS (${blasAbsence()}): matrix products on plain WebAssembly, one thread` +
    (Deno.build.os === "linux" ? `; install ${BLAS_PACKAGE} for BLAS speed` : "");
}
