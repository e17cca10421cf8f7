import assert from "node:assert/strict";
import { affine } from "./relative_ls.ts";

function columns(loss: number[], phi: number[]) {
  return {
    w: Float64Array.from(loss, (l) => 1 / l),
    v: Float64Array.from(loss, (l, i) => phi[i]! / l),
  };
}

Deno.test("affine() fits L = a + c phi exactly and holds a and c inside their box", () => {
  const phi = [1, 0.5, 0.25, 0.125];
  const { w, v } = columns(phi.map((p) => 0.2 + 3 * p), phi);
  const free = affine(w, v, null);
  assert.ok(Math.abs(free.a - 0.2) < 1e-12 && Math.abs(free.c - 3) < 1e-12 && free.rss < 1e-24);
  assert.deepEqual(affine(w, v, { aMax: 1 }), free);
  // a limit above aMax is held at aMax, and c is the best value there (checked by brute force)
  const held = affine(w, v, { aMax: 0.1 });
  assert.equal(held.a, 0.1);
  let best = Infinity;
  for (let c = 2.5; c <= 3.5; c += 1e-5) {
    let rss = 0;
    for (let i = 0; i < 4; i++) rss += (1 - 0.1 * w[i]! - c * v[i]!) ** 2;
    best = Math.min(best, rss);
  }
  assert.ok(Math.abs(held.rss - best) < 1e-9, `${held.rss} vs ${best}`);
});
