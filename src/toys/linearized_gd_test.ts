import assert from "node:assert/strict";
import { linearizedDisplacement } from "./linearized_gd.ts";
import { seededRng } from "../util/random.ts";

Deno.test("linearizedDisplacement() equals explicit GD on the linear model to 1e-12", () => {
  const rng = seededRng(2);
  const [n, p, alpha, lr, steps] = [5, 8, 3, 0.4, 60];
  const jac = Float64Array.from({ length: n * p }, () => rng.normal());
  const y = Float64Array.from({ length: n }, () => rng.normal());
  // reference: delta <- delta - (lr/n) J^T (J delta - y/alpha), iterated
  const delta = new Float64Array(p);
  for (let s = 0; s < steps; s++) {
    const r = Array.from({ length: n }, (_, i) => {
      let f = 0;
      for (let q = 0; q < p; q++) f += jac[i * p + q]! * delta[q]!;
      return f - y[i]! / alpha;
    });
    for (let q = 0; q < p; q++) {
      let g = 0;
      for (let i = 0; i < n; i++) g += jac[i * p + q]! * r[i]!;
      delta[q]! -= (lr / n) * g;
    }
  }
  const closed = linearizedDisplacement(jac, y, n, alpha, lr, steps);
  for (let q = 0; q < p; q++) assert(Math.abs(closed[q]! - delta[q]!) < 1e-12, `entry ${q}`);
});

Deno.test("linearizedDisplacement() handles a rank-deficient kernel and refuses bad shapes", () => {
  // two identical samples with the same target: K is singular, the limit is still finite
  const jac = Float64Array.of(1, 2, 1, 2);
  const delta = linearizedDisplacement(jac, Float64Array.of(1, 1), 2, 1, 0.1, 10_000);
  // converged min-norm solution: J delta = 1 with delta in span (1, 2): delta = (1, 2) / 5
  assert(Math.abs(delta[0]! - 0.2) < 1e-12 && Math.abs(delta[1]! - 0.4) < 1e-12);
  assert.throws(
    () => linearizedDisplacement(jac, Float64Array.of(1), 2, 1, 0.1, 1),
    /got 4 entries, n 2, y of length 1/,
  );
});
