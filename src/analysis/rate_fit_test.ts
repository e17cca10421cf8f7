import assert from "node:assert/strict";
import { contractionFit, loglogSlope } from "./rate_fit.ts";

Deno.test("contractionFit() gives rho back from a geometric sequence", () => {
  const rho = 0.93;
  const epochs = Array.from({ length: 40 }, (_, t) => t + 10);
  const gap = epochs.map((t) => 3 * rho ** t);
  const fit = contractionFit(epochs, gap)!;
  assert.ok(Math.abs(fit.contraction - rho) < 1e-12, String(fit.contraction));
  assert.ok(Math.abs(fit.r2 - 1) < 1e-12);
});

Deno.test("contractionFit() leaves out non-positive gaps and needs two usable epochs", () => {
  const fit = contractionFit([0, 1, 2, 3], [1, 0.5, 0, 0.125])!;
  assert.ok(Math.abs(fit.contraction - 0.5) < 1e-12);
  assert.equal(contractionFit([0, 1], [1, 0]), null);
});

Deno.test("loglogSlope() is 1 for an exact PL relation and 2 for a quadratic one", () => {
  const gap = [1, 0.5, 0.2, 0.05, 0.01];
  assert.ok(Math.abs(loglogSlope(gap, gap.map((g) => 2 * 0.7 * g))! - 1) < 1e-12);
  assert.ok(Math.abs(loglogSlope(gap, gap.map((g) => 5 * g * g))! - 2) < 1e-12);
  assert.equal(loglogSlope([1, 1], [1, 2]), null);
});
