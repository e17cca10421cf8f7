/**
 * The rule for tests that need the system BLAS: where it does not load they are skipped with one
 * line naming the package that provides it, unless the machine must have it (`CI=true` or
 * `PLBENCH_REQUIRE_SYSTEM=1`), where its absence fails the test file.
 */
import { BLAS_PACKAGE, type BlasLibrary, loadBlas, noBlasMessage } from "./blas_library.ts";

/** True where every system part the tests use must be present (CI, or asked for). */
export function systemPartsRequired(env: { get(name: string): string | undefined }): boolean {
  return env.get("CI") === "true" || env.get("PLBENCH_REQUIRE_SYSTEM") === "1";
}

/**
 * The system BLAS for the tests of `file`, or null after printing why they are skipped; throws
 * where the system parts are required.
 *
 * @example
 * const blas = blasForTests("wasm_matmul_test.ts");
 * Deno.test({ name: "...", ignore: blas === null, fn() {} });
 */
export function blasForTests(file: string): BlasLibrary | null {
  const blas = loadBlas();
  if (blas !== null) return blas;
  const why = `${noBlasMessage()} (sudo .ci/run installs ${BLAS_PACKAGE})`;
  if (systemPartsRequired(Deno.env)) {
    throw new Error(
      `${file}: the system BLAS is required here (CI=true or PLBENCH_REQUIRE_SYSTEM=1): ${why}`,
    );
  }
  console.warn(`${file}: BLAS tests skipped: ${why}`);
  return null;
}
