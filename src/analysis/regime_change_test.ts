import assert from "node:assert/strict";
import { fitDecayModels } from "./decay_fits.ts";
import { findRegimeChange } from "./regime_change.ts";

const epoch = Array.from({ length: 301 }, (_, t) => t);

function oneModelMisfit(loss: number[]): number {
  const fits = fitDecayModels({ epoch, loss }, 2 ** -24);
  return Math.min(fits.geometric.misfit, fits.power.misfit, fits.linear.misfit);
}

function change(loss: number[]) {
  return findRegimeChange({ epoch, loss }, 2 ** -24, oneModelMisfit(loss));
}

Deno.test("findRegimeChange() places a 10x rate drop at its epoch", () => {
  const loss = epoch.map((t) =>
    Math.fround(0.5 * Math.exp(-0.04 * Math.min(t, 150) - 0.004 * Math.max(0, t - 150)))
  );
  const c = change(loss)!;
  assert.ok(Math.abs(c.epoch - 150) <= 5, String(c.epoch));
  assert.deepEqual([c.before, c.after], ["geometric", "geometric"]);
});

Deno.test("findRegimeChange() finds a power-law start that turns geometric", () => {
  const power = (t: number) => 0.5 / (1 + t / 5);
  const loss = epoch.map((t) =>
    Math.fround(t <= 100 ? power(t) : power(100) * Math.exp(-(t - 100) / 105))
  );
  const c = change(loss)!;
  assert.ok(Math.abs(c.epoch - 100) <= 15, String(c.epoch));
  assert.deepEqual([c.before, c.after], ["power", "geometric"]);
});

Deno.test("findRegimeChange() finds none in one law, or in a rate that drifts by 30%", () => {
  assert.equal(change(epoch.map((t) => Math.fround(0.5 * 0.97 ** t))), null);
  assert.equal(change(epoch.map((t) => Math.fround(0.05 + 0.5 / (1 + t / 10)))), null);
  // ln L = -k t (1 + 0.3 t / 600): the rate grows 30% over the window, still one regime
  const drift = epoch.map((t) => Math.fround(0.5 * Math.exp(-0.02 * t * (1 + (0.3 * t) / 600))));
  assert.ok(oneModelMisfit(drift) > 1e-3, "the drift leaves a misfit for the split to explain");
  assert.equal(change(drift), null);
  // too short to split
  assert.equal(
    findRegimeChange(
      {
        epoch: epoch.slice(0, 12),
        loss: epoch.slice(0, 12).map((t) => 0.9 ** t),
      },
      1e-7,
      0.1,
    ),
    null,
  );
});
