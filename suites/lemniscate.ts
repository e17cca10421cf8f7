/**
 * `lemniscate`: the one-parameter toy of Robin, Scaman and Lelarge (Section 4.2, Figure 2). Gradient
 * descent with step 1e-3 from theta(0) = 0 on l(F(theta)) = (4a - b + 3)^2 for the two
 * parametrizations F_S (periodic) and F_L (punctured) of Bernoulli's lemniscate. Both reach the same
 * point of the curve; the rate differs by the speed lambda = ||F'(theta*)||^2 at which F travels it.
 *
 * One "epoch" is `stepsPerEpoch` GD steps (the toy needs about 1e5 steps for F_L; recording every
 * step would make a 100k-entry series). The measured rate is the least-squares slope of log(loss)
 * over the phase where the loss is between 1e-4 and 1e-12 of its initial value, reported per unit
 * of flow time (divided by stepsPerEpoch * lr) beside the closed forms at the limit:
 * 4 g^2 (the flow's asymptotic rate, g = u a' + v b'), lambda_S* = 1/2 (the minimum squared speed
 * of F_S, the paper's constant) and lambda_L* = ||F_L'(theta_L*)||^2 (about 4.05e-3).
 */
import { gradientDescent } from "../src/toys/gradient_descent.ts";
import {
  curvePoint,
  lemniscateLoss,
  type LemniscateParam,
  limitParameter,
} from "../src/toys/lemniscate.ts";
import { logLossRate } from "../src/toys/log_loss_rate.ts";
import type { RunContext, RunOutcome } from "../src/suite/suite.ts";
import { commonKeys, type ConfigOf, int, num, oneOf } from "../src/suite/keys.ts";
import { defineSuite } from "../src/suite/define_suite.ts";
import { stepsPerEpochKey } from "./toy_keys.ts";
import { convergeToSamePoint, sFasterThanL } from "./lemniscate_claims.ts";
import { formatDigits, MISSING } from "../src/util/number_format.ts";

/** The keys of the suite, with their defaults. */
const KEYS = {
  ...commonKeys({ epochs: 4800, lr: 1e-3, width: 1 }),
  width: int("number of parameters: the lemniscate has one (theta)", {
    min: 1,
    max: 1,
    default: 1,
  }),
  param: oneOf(["S", "L"], "parametrization: S periodic, L punctured", { default: "S" }),
  stepsPerEpoch: stepsPerEpochKey(25),
  u: num("first coordinate of the sample direction t = (u, v)", { default: 4 }),
  v: num("second coordinate of the sample direction t = (u, v)", { default: -1 }),
  y: num("label f*(t); loss (a u + b v - y)^2", { default: -3 }),
};

type Config = ConfigOf<typeof KEYS>;

async function runLemniscate(config: Config, ctx: RunContext): Promise<RunOutcome> {
  await Promise.resolve();
  const param: LemniscateParam = config.param;
  const problem = { u: config.u, v: config.v, y: config.y };
  const spe = config.stepsPerEpoch;
  const thetaStar = limitParameter(param, problem);
  const gd = gradientDescent(
    (theta) => {
      const l = lemniscateLoss(problem, curvePoint(param, theta[0]!));
      return { loss: l.loss, grad: Float64Array.of(l.grad) };
    },
    Float64Array.of(0),
    {
      lr: config.lr,
      epochs: config.epochs,
      stepsPerEpoch: spe,
      onEpoch: (epoch, loss) => ctx.onEpoch({ epoch, epochs: config.epochs, loss }),
    },
  );
  const limit = curvePoint(param, thetaStar);
  const speedSq = limit.da * limit.da + limit.db * limit.db;
  const { g } = lemniscateLoss(problem, limit);
  const lambdaStar = param === "S" ? 0.5 : speedSq;
  const flowRate = 4 * g * g;
  // one GD step multiplies the residual by (1 - 2 lr g^2) near the limit, the loss by its square
  const stepRate = -2 * Math.log(Math.abs(1 - 2 * config.lr * g * g)) / config.lr;
  const fit = logLossRate(gd.series.epoch, gd.series.loss, 1e-4, 1e-12);
  const measured = fit === null ? null : -fit.slope / (spe * config.lr);
  // the largest mu0^2 with l(t) <= l(0) exp(-4 mu0^2 lambda* t) at every recorded t (Proposition
  // 4.2 claims some mu0 > 0 works), over the epochs above the float floor (loss >= 1e-12 l(0))
  let mu0SqMax = Infinity;
  gd.series.loss.forEach((l, i) => {
    const t = gd.series.epoch[i]! * spe * config.lr;
    const l0 = gd.series.loss[0]!;
    if (t > 0 && l >= 1e-12 * l0) {
      mu0SqMax = Math.min(mu0SqMax, -Math.log(l / l0) / (4 * lambdaStar * t));
    }
  });
  const thetaFinal = gd.final[0]!;
  const converged = Math.abs(thetaFinal - thetaStar) < 1e-6;
  const fmt = (x: number | null) => formatDigits(x, 5);
  return {
    status: gd.divergedAt === null ? "complete" : "diverged",
    divergedAt: gd.divergedAt,
    error: null,
    params: 1,
    trainSize: null,
    series: gd.series,
    notes: [
      `F_${param}: theta* = ${fmt(thetaStar)}, F(theta*) = (${fmt(limit.a)}, ${fmt(limit.b)}), ` +
      `final theta = ${fmt(thetaFinal)} (${converged ? "converged" : "not converged"})`,
      `lambda_${param}* = ${fmt(lambdaStar)}, ||F'(theta*)||^2 = ${fmt(speedSq)}, ` +
      `mu^2 = g^2 / ||F'||^2 = ${fmt((g * g) / speedSq)} (parametrization-free)`,
      `measured rate of log loss per unit time ${fmt(measured)} (R^2 ${fmt(fit?.r2 ?? null)}, ` +
      `epochs ${fit?.window.join("-") ?? MISSING}) vs flow closed form 4 g^2 = ${fmt(flowRate)}, ` +
      `GD closed form ${fmt(stepRate)}`,
      `Proposition 4.2's bound l(0) exp(-4 mu0^2 lambda* t) holds along the run for mu0^2 <= ` +
      `${fmt(Number.isFinite(mu0SqMax) ? mu0SqMax : null)}`,
    ],
    extraSummary: {
      thetaStar,
      thetaFinal,
      converged,
      lambdaStar,
      speedSqAtLimit: speedSq,
      mu0Sq: (g * g) / speedSq,
      flowRate,
      gdRate: stepRate,
      measuredRate: measured,
      measuredRateR2: fit?.r2 ?? null,
      rateRatio: measured === null ? null : measured / stepRate,
      mu0SqMax: Number.isFinite(mu0SqMax) ? mu0SqMax : null,
    },
  };
}

/** The lemniscate toy: F_S against F_L, measured linear rates beside lambda_S* and lambda_L*. */
export const lemniscateSuite = defineSuite({
  name: "lemniscate",
  description: "Robin et al. 4.2: GD on (4a - b + 3)^2 over the lemniscate, F_S vs F_L rates",
  keys: KEYS,
  grid: { param: ["S", "L"] },
  expectations: [
    {
      id: "same-point",
      statement: "both parametrizations converge linearly to the same point F(theta*) of the " +
        "curve (the run's last regime, where it approaches the limit, decays geometrically)",
      source: "Robin, Scaman, Lelarge, Section 4.2, Figure 2 and Proposition 4.2",
      check: convergeToSamePoint,
    },
    {
      id: "s-faster-than-l",
      statement: "F_S converges faster than F_L; the rates scale with lambda_S* = 1/2 and " +
        "lambda_L* = ||F_L'(theta_L*)||^2 (about 4.05e-3)",
      source: "Robin, Scaman, Lelarge, Proposition 4.2",
      check: sFasterThanL,
    },
  ],
  run: runLemniscate,
});
