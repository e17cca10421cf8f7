import assert from "node:assert/strict";
import { kernelSpectrum } from "./spectrum.ts";

Deno.test("kernelSpectrum() flags lambda_min under k * 1.2e-7 * lambda_max only", () => {
  const ok = kernelSpectrum([0.01, 1, 10]);
  assert.deepEqual(ok, { lambdaMin: 0.01, lambdaMax: 10, condition: 1000, belowNoiseFloor: false });
  // floor = 3 * 1.2e-7 * 10 = 3.6e-6
  assert.equal(kernelSpectrum([3.5e-6, 1, 10]).belowNoiseFloor, true);
  assert.equal(kernelSpectrum([3.7e-6, 1, 10]).belowNoiseFloor, false);
  assert.equal(kernelSpectrum([-1e-9, 1, 10]).condition, null);
  assert.throws(() => kernelSpectrum([]), /no eigenvalues/);
});
