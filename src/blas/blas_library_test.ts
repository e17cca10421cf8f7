import assert from "node:assert/strict";
import { BLAS_VARIABLE, blasCandidates, CBLAS, loadBlas, noBlasMessage } from "./blas_library.ts";
import { ignoreWithout, OPENBLAS } from "../testing/system_parts.ts";

Deno.test("blasCandidates(): OpenBLAS then libblas on Linux, Accelerate on macOS, none when off", () => {
  assert.deepEqual(blasCandidates("linux", undefined), ["libopenblas.so.0", "libblas.so.3"]);
  assert.deepEqual(blasCandidates("darwin", ""), [
    "/System/Library/Frameworks/Accelerate.framework/Accelerate",
  ]);
  assert.deepEqual(blasCandidates("linux", "off"), []);
  assert.deepEqual(blasCandidates("linux", " /opt/a.so, /opt/b.so "), ["/opt/a.so", "/opt/b.so"]);
});

Deno.test("loadBlas() finds nothing when PLBENCH_BLAS=off or names a missing library, and says so", () => {
  const saved = Deno.env.get(BLAS_VARIABLE);
  try {
    Deno.env.set(BLAS_VARIABLE, "off");
    assert.equal(loadBlas(), null);
    assert.match(noBlasMessage(), /no system BLAS \(PLBENCH_BLAS=off\): matrix products on plain/);
    Deno.env.set(BLAS_VARIABLE, "/nonexistent/libblas-missing.so");
    assert.equal(loadBlas(), null);
    assert.match(noBlasMessage(), /tried \/nonexistent\/libblas-missing\.so/);
  } finally {
    if (saved === undefined) Deno.env.delete(BLAS_VARIABLE);
    else Deno.env.set(BLAS_VARIABLE, saved);
  }
});

const blas = await ignoreWithout(import.meta.url, OPENBLAS) ? null : loadBlas();

Deno.test({
  name: "the system BLAS multiplies, sets its thread count and brings LAPACK's dsyevd",
  ignore: blas === null,
  fn() {
    const lib = blas!;
    const a = Float32Array.of(1, 2, 3, 4, 5, 6); // [2, 3]
    const b = Float32Array.of(1, 0, 0, 1, 1, 1); // [3, 2]
    const c = new Float32Array(4);
    const p = (x: Float32Array) => Deno.UnsafePointer.of(x as Float32Array<ArrayBuffer>);
    lib.sgemm(
      CBLAS.rowMajor,
      CBLAS.noTrans,
      CBLAS.noTrans,
      2,
      2,
      3,
      1,
      p(a),
      3,
      p(b),
      2,
      0,
      p(c),
      2,
    );
    assert.deepEqual(Array.from(c), [4, 5, 10, 11]);
    if (lib.threads() !== null) {
      assert.equal(lib.setThreads(1), 1);
      assert.equal(lib.setThreads(navigator.hardwareConcurrency), navigator.hardwareConcurrency);
    }
    assert.throws(() => lib.setThreads(0), /expected an integer >= 1, got 0/);
    assert.notEqual(lib.lapack, null, `${lib.library} exports LAPACK's dsyevd_`);
  },
});

Deno.test({
  name:
    "loadBlas({ threads }) sizes the library's pool as it loads and leaves the environment as it was",
  ignore: blas === null,
  async fn() {
    const code = `
      import { loadBlas } from ${
      JSON.stringify(new URL("./blas_library.ts", import.meta.url).href)
    };
      const lib = loadBlas({ threads: 1 });
      console.log(JSON.stringify([lib?.threads(), Deno.env.get("OPENBLAS_NUM_THREADS") ?? null]));
    `;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", code],
      stdout: "piped",
    }).output();
    const [threads, variable] = JSON.parse(new TextDecoder().decode(out.stdout));
    const given = Deno.env.get("OPENBLAS_NUM_THREADS") ?? null; // the user's choice wins
    if (threads !== null && given === null) assert.equal(threads, 1);
    assert.equal(variable, given);
  },
});
