import assert from "node:assert/strict";
import { mulberry32 } from "../util/random.ts";
import { fitDecayModels, localRate, noiseAllowance } from "./decay_fits.ts";

const epoch = Array.from({ length: 301 }, (_, t) => t);

Deno.test("fitDecayModels(): an exact geometric decay over 3 decades fits with no misfit", () => {
  const rho = 10 ** (-3 / 300);
  const fits = fitDecayModels({ epoch, loss: epoch.map((t) => 0.5 * rho ** t) }, 2 ** -53);
  assert.ok(fits.geometric.misfit < 1e-9, String(fits.geometric.misfit));
  assert.ok(Math.abs(fits.geometric.decades! - 3) < 1e-6, String(fits.geometric.decades));
  assert.ok(fits.power.misfit > 1e-3 && fits.linear.misfit > 0.1);
  assert.ok(Math.abs(localRate(fits, "geometric", 0)! - Math.log(10) / 100) < 1e-9);
});

Deno.test("fitDecayModels() counts decades only down to twice the noise of the last loss", () => {
  // gap 0.5 -> 5e-6 over 5 decades on a floor 0.05 with 1% noise: resolved down to
  // 2 x 0.01 x 0.05 = 1e-3, so log10(0.5 / 1e-3) = 2.7 decades
  const rng = mulberry32(4);
  const rho = 10 ** (-5 / 300);
  const loss = epoch.map((t) => (0.05 + 0.5 * rho ** t) * (1 + 0.01 * rng.normal()));
  const fits = fitDecayModels({ epoch, loss }, 0.01);
  assert.ok(Math.abs(fits.geometric.decades! - 2.7) < 0.05, String(fits.geometric.decades));
  // the limit may sit above the noisy minimum, by up to 4 noise units
  assert.ok(fits.geometric.params.lInf > Math.min(...loss), String(fits.geometric.params.lInf));
  assert.ok(fits.geometric.params.lInf <= Math.min(...loss) * 1.04);
  assert.ok(Math.abs(fits.geometric.params.lInf / 0.05 - 1) < 0.005);
  // noise alone is no misfit
  assert.equal(fits.geometric.misfit, 0);
});

Deno.test("noiseAllowance() grows the noise variance by three of its estimate's errors", () => {
  assert.ok(Math.abs(noiseAllowance(0.01, 200) - 1e-4 * (1 + 3 * 0.1)) < 1e-15);
});
