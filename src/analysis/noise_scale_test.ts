import assert from "node:assert/strict";
import { mulberry32 } from "../util/random.ts";
import { FLOAT32_ROUNDOFF, FLOAT64_ROUNDOFF, lossRoundoff, relativeNoise } from "./noise_scale.ts";

const epoch = Array.from({ length: 301 }, (_, t) => t);

Deno.test("relativeNoise() of a smooth curve is its format's rounding", () => {
  const geometric = epoch.map((t) => 0.5 * 0.97 ** t);
  assert.ok(relativeNoise(geometric) < 1e-15, String(relativeNoise(geometric)));
  // a power law's third differences are its curvature, far below any noise worth the name
  const power = epoch.map((t) => Math.fround(0.5 / (1 + t / 10)));
  assert.ok(relativeNoise(power) < 1e-6, String(relativeNoise(power)));
  assert.equal(lossRoundoff(power), FLOAT32_ROUNDOFF);
});

Deno.test("relativeNoise() recovers 0.3% and 1% noise to within 25%, through a knee", () => {
  // the median absolute deviation of 298 third differences has a spread of about 9%
  // (measured over seeds 1-6: 0.90-1.18 of the true size)
  for (const sigma of [0.003, 0.01]) {
    for (const seed of [1, 2, 3]) {
      const rng = mulberry32(seed);
      const loss = epoch.map((t) => (0.05 + 0.5 * 0.95 ** t) * (1 + sigma * rng.normal()));
      const got = relativeNoise(loss);
      assert.ok(Math.abs(got / sigma - 1) < 0.25, `${sigma} seed ${seed}: ${got}`);
    }
  }
});

Deno.test("relativeNoise() falls back to the rounding on fewer than 8 values", () => {
  assert.equal(relativeNoise([0.5, 0.4, 0.1]), FLOAT64_ROUNDOFF);
});
