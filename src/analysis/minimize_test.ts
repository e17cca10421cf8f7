import assert from "node:assert/strict";
import { goldenSection, nelderMead2 } from "./minimize.ts";

Deno.test("goldenSection() finds the minimum of a parabola to sqrt(float64 eps)", () => {
  // near a minimum f changes by (x - x*)^2: x is resolved to about sqrt(2.2e-16) = 1.5e-8
  const r = goldenSection((x) => (x - 2.5) ** 2 + 1, 0, 10);
  assert.ok(Math.abs(r.x - 2.5) < 1e-7, String(r.x));
  assert.ok(Math.abs(r.value - 1) < 1e-15);
});

Deno.test("nelderMead2() finds Rosenbrock's minimum (1, 1) and stays in its box", () => {
  const rosenbrock = ([x, y]: [number, number]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  const r = nelderMead2(rosenbrock, [-1.2, 1], [0.5, 0.5], [-5, -5], [5, 5], 2000, 0);
  assert.ok(Math.abs(r.p[0] - 1) < 1e-5 && Math.abs(r.p[1] - 1) < 1e-5, String(r.p));
  // minimum outside the box: the answer is on its edge
  const edge = nelderMead2(([x, y]) => (x - 3) ** 2 + y * y, [0, 0], [1, 1], [-1, -1], [2, 2]);
  assert.ok(Math.abs(edge.p[0] - 2) < 1e-6 && Math.abs(edge.p[1]) < 1e-6, String(edge.p));
});
