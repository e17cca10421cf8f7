/**
 * The checks of the lazy-scaling claims (slides, Appendix III; Chizat, Oyallon, Bach): the drift
 * falls like 1/alpha, and the distance to the linearized model at least like log(alpha) / alpha^2.
 */
import { powerLawCheck } from "../src/claims/checks/power_law_check.ts";
import { numberAt } from "../src/claims/summary_values.ts";

/** "The drift sup_t ||theta_t - theta0|| shrinks like 1/alpha (fitted exponent near -1)". */
export const driftLikeOneOverAlpha = powerLawCheck({
  axis: "alpha",
  label: "max drift",
  value: (r) => numberAt(r, "radius"),
  range: [-1.1, -0.9],
  why: "alpha * drift tends to the linearized model's alpha-free displacement, so the exponent " +
    "tends to -1; at alpha = 1 the ratio is still about 0.89, which moves a fit over 1-64 by a few " +
    "hundredths, well inside +-0.1",
});

/** "The distance to GD on the linearized model shrinks like log(alpha) / alpha^2". */
export const linearGapBound = powerLawCheck({
  axis: "alpha",
  label: "distance to the linearized run x alpha^2 / ln(alpha)",
  value: (r) => {
    const gap = numberAt(r, "linearGap");
    const alpha = Number(r.config.alpha);
    return gap === null ? null : (gap * alpha * alpha) / Math.log(alpha);
  },
  range: [-Infinity, 0.1],
  select: (c) => Number(c.config.alpha) > 1,
  what: "cells with alpha > 1",
  why:
    "'like log(alpha) / alpha^2' is the bound O(log(alpha) / alpha^2): the distance divided by " +
    "it must not grow with alpha (exponent <= 0, with 0.1 of slack for the fit)",
});
