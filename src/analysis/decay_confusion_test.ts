import assert from "node:assert/strict";
import { decayConfusion, formatConfusion } from "./decay_confusion.ts";

Deno.test("decay selection over 259 synthetic curves: no decisive wrong verdict, most resolved ones right", () => {
  const c = decayConfusion();
  console.log(formatConfusion(c));
  assert.ok(c.curves >= 200, `${c.curves} curves`);
  assert.deepEqual(c.wrong, []);
  // measured: 75 of 84; the misses are floors under 1% noise, where the gap sinks into the
  // noise after 2-2.7 decades and a power law misses by less than the noise can show
  assert.ok(c.resolvedRight >= 0.8 * c.resolved, `${c.resolvedRight} of ${c.resolved}`);
  // every two-phase curve is left undetermined (the regime change is named)
  assert.equal(c.counts["two-phase"].undetermined, 28);
});
