/**
 * `semilocal`: the slides' toy network H(a, w) = a w with f = 1/2 ||a w - y*||^2, w(0) = 0, trained by
 * GD with step lr / L (lr = 1 is the theorem's step 1/L). The grid sweeps a(0) across the thresholds
 * a0^2 / 4 >= ||y*|| (flow) and a0^2 / 8 >= ||y*|| (GD with step 1/L); with ||y*|| = 1 they sit at
 * a0 = 2 and a0 = 2 sqrt(2). Each run checks that the iterates stay in the balls of radius
 * sqrt(2 f(x0) / mu) and sqrt(8 f(x0) / mu), that the loss decays at least like the PL bound
 * (1 - 2 mu s (1 - L s / 2))^k for step s (= 1 - mu / L at s = 1/L), and measures the linear rate.
 * mu = a0^2 / 4 and L = 15 a0^2 / 4 + ||y*|| are derived in src/toys/semilocal.ts.
 *
 * What to expect: the flow conserves a^2 - ||w||^2 = a0^2 (balancedness), so |a| >= |a0| along it
 * and PL with constant a0^2 holds on the whole path; the toy is benign below the thresholds too, where
 * the theorem is silent. The flow's limit is a^2 = (a0^2 + sqrt(a0^4 + 4 ||y*||^2)) / 2,
 * ||w|| = ||y*|| / a, so the drift tends to ||y*|| / |a0| as a0 grows (the lazy regime).
 */
import { gradientDescent } from "../src/toys/gradient_descent.ts";
import { logLossRate } from "../src/toys/log_loss_rate.ts";
import { seededRng } from "../src/util/random.ts";
import { semilocalConstants, semilocalLoss } from "../src/toys/semilocal.ts";
import type { RunContext, RunOutcome } from "../src/suite/suite.ts";
import { commonKeys, type ConfigOf, int, num } from "../src/suite/keys.ts";
import { defineSuite } from "../src/suite/define_suite.ts";
import { stepsPerEpochKey } from "./toy_keys.ts";
import { driftLikeOneOverA0, flowInBallLinear, gdInBallAtRate } from "./semilocal_claims.ts";
import { formatNumber } from "../src/util/number_format.ts";

/** The target y* in R^d: a seeded Gaussian direction scaled to norm `norm`. */
export function semilocalTarget(seed: number, d: number, norm: number): Float64Array {
  const rng = seededRng(seed);
  const y = Float64Array.from({ length: d }, () => rng.normal());
  const scale = norm / Math.hypot(...y);
  return y.map((v) => v * scale);
}

/** The keys of the suite, with their defaults. */
const KEYS = {
  ...commonKeys({ epochs: 300, lr: 1, width: 5 }),
  lr: num("step in units of 1/L (1 = the theorem's step 1/L)", { exclusiveMin: 0, default: 1 }),
  width: int("number of parameters d + 1 (a in R, w in R^d)", { min: 2, default: 5 }),
  a0: num("initial a (w starts at 0); must be non-zero", { default: 3 }),
  targetNorm: num("||y*||; its direction comes from the seed", { exclusiveMin: 0, default: 1 }),
  stepsPerEpoch: stepsPerEpochKey(1),
};

type Config = ConfigOf<typeof KEYS>;

async function runSemilocal(config: Config, ctx: RunContext): Promise<RunOutcome> {
  await Promise.resolve();
  const a0 = config.a0;
  const yNorm = config.targetNorm;
  const y = semilocalTarget(config.seed, config.width - 1, yNorm);
  const c = semilocalConstants(a0, yNorm);
  const step = config.lr / c.L;
  const x0 = new Float64Array(config.width);
  x0[0] = a0;
  const spe = config.stepsPerEpoch;
  const gd = gradientDescent((x) => semilocalLoss(x, y), x0, {
    lr: step,
    epochs: config.epochs,
    stepsPerEpoch: spe,
    onEpoch: (epoch, loss) => ctx.onEpoch({ epoch, epochs: config.epochs, loss }),
  });
  const { loss, gradNormSq, epoch } = gd.series;
  const f0 = loss[0]!;
  const q = 1 - 2 * c.mu * step * (1 - (c.L * step) / 2);
  // the bound f_k <= q^k f0, with rounding slack; checked while the loss is above the float floor
  const boundHolds = epoch.every((e, i) =>
    loss[i]! <= f0 * 1e-28 || loss[i]! <= f0 * q ** (e * spe) * (1 + 1e-9)
  );
  let plMinPath = Infinity;
  loss.forEach((l, i) => {
    if (l > f0 * 1e-20) plMinPath = Math.min(plMinPath, gradNormSq[i]! / (2 * l));
  });
  const fit = logLossRate(epoch, loss);
  const contraction = fit === null ? null : Math.exp(fit.slope / spe);
  const inFlowBall = gd.maxDrift <= c.flowRadius;
  const inGdBall = gd.maxDrift <= c.gdRadius;
  return {
    status: gd.divergedAt === null ? "complete" : "diverged",
    divergedAt: gd.divergedAt,
    error: null,
    params: config.width,
    trainSize: null,
    series: gd.series,
    notes: [
      `a0 = ${a0}, ||y*|| = ${yNorm}: mu = ${formatNumber(c.mu)}, L = ${
        formatNumber(c.L)
      }, step = ${formatNumber(step)}; ` +
      `thresholds a0^2/4 >= ||y*|| ${c.flowThresholdMet ? "met" : "not met"}, ` +
      `a0^2/8 >= ||y*|| ${c.gdThresholdMet ? "met" : "not met"}`,
      `max drift ${formatNumber(gd.maxDrift)} vs flow ball ${formatNumber(c.flowRadius)} (${
        inFlowBall ? "inside" : "outside"
      }), ` +
      `GD ball ${formatNumber(c.gdRadius)} (${inGdBall ? "inside" : "outside"}), PL region radius ${
        formatNumber(c.rho)
      }`,
      `contraction per step ${formatNumber(contraction)} vs bound ${formatNumber(q)} (${
        boundHolds ? "bound holds" : "bound violated"
      }); ` +
      `min PL ratio along the path ${formatNumber(plMinPath)} vs mu ${formatNumber(c.mu)}`,
    ],
    extraSummary: {
      a0,
      mu: c.mu,
      smoothnessL: c.L,
      step,
      flowRadius: c.flowRadius,
      gdRadius: c.gdRadius,
      maxDrift: gd.maxDrift,
      driftTimesA0: (gd.maxDrift * Math.abs(a0)) / yNorm,
      inFlowBall,
      inGdBall,
      flowThresholdMet: c.flowThresholdMet,
      gdThresholdMet: c.gdThresholdMet,
      boundContraction: q,
      measuredContraction: contraction,
      measuredRateR2: fit?.r2 ?? null,
      boundHolds,
      plMinPath: Number.isFinite(plMinPath) ? plMinPath : null,
    },
  };
}

/** The semilocal-PL toy H(a, w) = a w swept across the a(0) thresholds. */
export const semilocalSuite = defineSuite({
  name: "semilocal",
  description: "slides: H(a, w) = a w from w = 0, a(0) across a0^2/4 >= ||y*||, balls and rates",
  keys: KEYS,
  grid: { a0: [1, 1.5, 2, 2.5, 3, 4, 6] },
  expectations: [
    {
      id: "gd-ball-and-rate",
      statement: "when a0^2 / 8 >= ||y*||, GD with step 1/L stays in the ball of radius " +
        "sqrt(8 (f(x0) - f*) / mu) and f_k <= (1 - mu / L)^k f(x0)",
      source: "slides (Kachaiev, Labarriere, Molinari, Villa), Appendix II and 'A simple example'",
      check: gdInBallAtRate,
    },
    {
      id: "flow-ball-linear",
      statement: "when a0^2 / 4 >= ||y*||, the flow stays in the ball of radius " +
        "sqrt(2 (f(x0) - f*) / mu) and converges linearly",
      source: "slides, 'Semilocal convergence' and 'A simple example'",
      check: flowInBallLinear,
    },
    {
      id: "drift-1-over-a0",
      statement:
        "the drift shrinks like 1 / |a0| as a0 grows (everything happens at initialisation)",
      source: "slides, 'Discussion' and 'Conclusion'",
      check: driftLikeOneOverA0,
    },
  ],
  run: runSemilocal,
});
