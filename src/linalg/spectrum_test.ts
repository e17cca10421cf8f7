import assert from "node:assert/strict";
import { float32NoiseFloor, kernelSpectrum } from "./spectrum.ts";

Deno.test("kernelSpectrum() flags lambda_min at or under the noise floor only", () => {
  const ok = kernelSpectrum([0.01, 1, 10], 1e-3);
  assert.deepEqual(ok, {
    lambdaMin: 0.01,
    lambdaMax: 10,
    condition: 1000,
    noiseFloor: 1e-3,
    belowNoiseFloor: false,
  });
  assert.equal(kernelSpectrum([1e-3, 1, 10], 1e-3).belowNoiseFloor, true);
  assert.equal(kernelSpectrum([-1e-9, 1, 10], 0).condition, null);
  assert.throws(() => kernelSpectrum([], 0), /no eigenvalues/);
});

Deno.test("float32NoiseFloor() is 2 eps32 sqrt(terms) times the largest diagonal entry", () => {
  const kernel = Float64Array.of(400, -900, -900, 500);
  assert.ok(
    Math.abs(float32NoiseFloor(kernel, 2, 128) - 2 * 1.2e-7 * Math.sqrt(128) * 500) < 1e-15,
  );
  assert.equal(float32NoiseFloor(kernel, 2, 0), 2 * 1.2e-7 * 500);
});
