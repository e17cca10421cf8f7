import assert from "node:assert/strict";
import { groundDiffers } from "./cell_state.ts";
import type { StateStamp } from "../checkpoint/state_store.ts";
import { testEnv } from "../testing/report_factory.ts";

const STAMP: StateStamp = {
  format: 1,
  id: "0123456789abcdef0123",
  config: { suite: "mlp-mnist", seed: 0, epochs: 10, lr: 0.1, width: 4 },
  backend: "blas",
  tfjs: "4.22.0",
  code: "aaaaaaaaaaaaaaaa",
  blas: { library: "libopenblas.so.0", threads: 2 },
  hostname: "node1",
  startedAt: "2026-01-01T00:00:00.000Z",
  writtenAt: "2026-01-01T00:01:00.000Z",
  final: false,
};
const HERE = testEnv({ backend: "wasm", blas: { library: "libopenblas.so.0", threads: 2 } });

Deno.test("groundDiffers() lets a state go on only on the same code, backend, tfjs and BLAS threads", () => {
  assert.equal(groundDiffers(STAMP, HERE, STAMP.code), null);
  assert.equal(groundDiffers(STAMP, { ...HERE, hostname: "node2" }, STAMP.code), null);
  assert.equal(
    groundDiffers(STAMP, HERE, "bbbbbbbbbbbbbbbb"),
    "written by other training code (fingerprint aaaaaaaaaaaaaaaa, this run's bbbbbbbbbbbbbbbb)",
  );
  assert.equal(
    groundDiffers(STAMP, { ...HERE, blas: null }, STAMP.code),
    "written on blas, this run is on wasm",
  );
  assert.equal(
    groundDiffers(STAMP, { ...HERE, tfjs: "4.23.0" }, STAMP.code),
    "written with tfjs 4.22.0, this run has 4.23.0",
  );
  assert.equal(
    groundDiffers(
      STAMP,
      { ...HERE, blas: { library: "libopenblas.so.0", threads: 1 } },
      STAMP.code,
    ),
    "written with BLAS libopenblas.so.0 2 thread(s), this run has libopenblas.so.0 1",
  );
  assert.equal(groundDiffers({ ...STAMP, format: 0 }, HERE, STAMP.code), "state format 0, not 1");
});
