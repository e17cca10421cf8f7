import assert from "node:assert/strict";
import { plReferences } from "./pl_references.ts";

Deno.test("plReferences() against L* = 0 and L* = L_inf, with the proxy's inflation", () => {
  // L = 0.1 + 2^-t, ||grad||^2 = 2 mu (L - 0.1) with mu = 0.5: the ratio against L_inf is mu
  const loss = [0, 1, 2, 3, 4].map((t) => 0.1 + 2 ** -t);
  const grad = loss.map((l) => l - 0.1);
  const r = plReferences(grad, loss, [1, 4], 0.1, 0.9);
  assert.ok(Math.abs(r.plMinFit! - 0.5) < 1e-12);
  // against 0: (L - 0.1) / (2 L), smallest at the last index: 0.0625 / 0.325
  assert.ok(Math.abs(r.plMinZero! - 0.0625 / (2 * 0.1625)) < 1e-12);
  assert.ok(Math.abs(r.plProxyShift! - 1.8) < 1e-12);
  // no fitted limit (a linear decay): no plMinFit, no shift
  const line = plReferences(grad, loss, [1, 4], null, 0.9);
  assert.equal(line.plMinFit, null);
  assert.equal(line.plProxyShift, null);
  assert.deepEqual(plReferences(grad, loss, null, 0.1, 0.9), {
    plMinZero: null,
    plMedianZero: null,
    plMinFit: null,
    plProxyShift: null,
  });
});
