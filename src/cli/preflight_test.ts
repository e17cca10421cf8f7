import assert from "node:assert/strict";
import { checkDataDir, resolveBackend } from "./preflight.ts";
import { isHardwareAdapter as adapterIsHardware } from "../backend/backend.ts";
import { BLAS_VARIABLE, loadBlas } from "../blas/blas_library.ts";
import { UsageError } from "../util/usage_error.ts";
import { fakeLeastSquares } from "../sweep/testdata/fake_suites.ts";
import type { Suite } from "../suite/suite.ts";

const reading: Suite = {
  ...fakeLeastSquares,
  checkData: async (dir: string) => {
    await Deno.stat(`${dir}/needed.bin`).catch(() => {
      throw new Error(`missing file ${dir}/needed.bin`);
    });
  },
};

Deno.test("checkDataDir() passes a folder with the suite's files and names what is wrong otherwise", async () => {
  const dir = await Deno.makeTempDir();
  const refused = async (suite: Suite, path: string, message: string) => {
    const e = await checkDataDir(suite, path).then(() => null, (e: unknown) => e);
    assert.ok(e instanceof UsageError, `${path}: ${e}`);
    assert.equal(e.message, message);
  };
  await refused(reading, dir, `Cannot use --data-dir '${dir}': missing file ${dir}/needed.bin`);
  await Deno.writeFile(`${dir}/needed.bin`, new Uint8Array(1));
  await checkDataDir(reading, dir);
  await refused(
    reading,
    `${dir}/needed.bin`,
    `Cannot use --data-dir '${dir}/needed.bin': not a folder`,
  );
  await refused(reading, `${dir}/nope`, `Cannot use --data-dir '${dir}/nope': no such folder`);
  await refused(
    fakeLeastSquares,
    dir,
    "Suite 'fake-lsq' reads no data folder: --data-dir does not apply",
  );
});

Deno.test("resolveBackend() gives named CPU backends one job per core, webgpu one job", async () => {
  const cores = navigator.hardwareConcurrency;
  assert.deepEqual(await resolveBackend("wasm"), { worker: "wasm", jobs: cores, note: "" });
  assert.deepEqual(await resolveBackend("cpu"), { worker: "cpu", jobs: cores, note: "" });
  const auto = await resolveBackend("auto");
  const gpu = adapterIsHardware(await navigator.gpu?.requestAdapter());
  const blas = loadBlas();
  const expected = gpu ? "auto" : blas !== null ? "blas" : "wasm";
  assert.equal(auto.worker, expected, JSON.stringify(auto));
  assert.equal(auto.jobs, gpu ? 1 : cores);
  if (expected === "blas") assert.match(auto.note, new RegExp(`on ${blas!.library}\\)`));
  if (expected === "wasm") assert.match(auto.note, /no system BLAS .*: matrix products on plain/);
});

Deno.test("resolveBackend('blas') names the library, and is refused with one line when none loads", async () => {
  const saved = Deno.env.get(BLAS_VARIABLE);
  try {
    Deno.env.set(BLAS_VARIABLE, "off");
    const e = await resolveBackend("blas").then(() => null, (e: unknown) => e);
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /^Cannot use backend 'blas': no system BLAS \(PLBENCH_BLAS=off\)/);
    const auto = await resolveBackend("auto");
    if (auto.worker !== "auto") assert.equal(auto.worker, "wasm");
  } finally {
    if (saved === undefined) Deno.env.delete(BLAS_VARIABLE);
    else Deno.env.set(BLAS_VARIABLE, saved);
  }
  const blas = loadBlas();
  if (blas !== null) {
    const named = await resolveBackend("blas");
    assert.deepEqual(named, {
      worker: "blas",
      jobs: navigator.hardwareConcurrency,
      note: ` (${blas.library})`,
    });
  }
});
