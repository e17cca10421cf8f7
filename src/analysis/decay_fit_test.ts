import assert from "node:assert/strict";
import { fitGeometric, fitLinear, fitPower } from "./decay_fit.ts";
import { assertClose } from "../testing/assert_close.ts";

const epoch = Array.from({ length: 101 }, (_, t) => 50 + t);

Deno.test("fitGeometric() recovers L_inf, c and rho of an exact geometric decay", () => {
  const loss = epoch.map((t) => 0.02 + 0.3 * 0.95 ** (t - 50));
  const fit = fitGeometric({ epoch, loss });
  assertClose(fit.params.lInf, 0.02, 1e-10, "lInf");
  assertClose(fit.params.c, 0.3, 1e-10, "c");
  assertClose(fit.params.rho, 0.95, 1e-12, "rho");
  assert.ok(fit.rss < 1e-20, String(fit.rss));
});

Deno.test("fitPower() recovers L_inf, c, t0 and p of an exact power law (t0 in epochs)", () => {
  // 1 / (10 + t)^2 from t = 50: t0 = 60 epochs after the window's start, c = 1 / 60^2
  const loss = epoch.map((t) => 1 / (10 + t) ** 2);
  const fit = fitPower({ epoch, loss });
  assertClose(fit.params.lInf, 0, 1e-12, "lInf");
  assertClose(fit.params.t0, 60, 1e-5, "t0");
  assertClose(fit.params.p, 2, 1e-6, "p");
  assertClose(fit.params.c, 1 / 3600, 1e-10, "c");
});

Deno.test("fitLinear() is exact on a line and measures the slope per epoch", () => {
  const fit = fitLinear({ epoch, loss: epoch.map((t) => 1 - 0.004 * (t - 50)) });
  assertClose(fit.params.a, 1, 1e-12, "a");
  assertClose(fit.params.b, 0.004, 1e-14, "b");
});

Deno.test("fits keep L_inf within [0, min L] and name a bad point", () => {
  // a line is a geometric decay towards L_inf -> -infinity; the fit stops at L_inf = 0
  const line = epoch.map((t) => 1 - 0.004 * (t - 50));
  assert.equal(fitGeometric({ epoch, loss: line }).params.lInf, 0);
  // a decay whose best limit sits above the last point is held at min L
  const flat = epoch.map((t) => (t < 140 ? 0.1 + 0.5 * 0.9 ** (t - 50) : 0.1 - 1e-3));
  const held = fitGeometric({ epoch, loss: flat });
  assert.ok(held.params.lInf <= 0.1 - 1e-3 && held.params.lInf > 0.09, String(held.params.lInf));
  assert.throws(
    () => fitGeometric({ epoch: [0, 1, 2], loss: [1, 0, 0.5] }),
    /loss 1 must be positive and finite, got 0/,
  );
  assert.throws(() => fitLinear({ epoch: [3, 3], loss: [1, 1] }), /span 0/);
});
