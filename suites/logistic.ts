/**
 * `logistic`: multi-class logistic regression on separable synthetic data with a known separating ray
 * (Robin, Scaman, Lelarge, Section 4.3, Proposition 4.5). GD from theta = 0 (L0 = log c) with flow time
 * t = lr * step; every recorded loss is compared with the Lambert-W bound
 * log(1 + 1 / W0(exp(eps^2 kappa^2 t - C))) at the same t, with eps the measured margin of the data
 * under the ray and kappa = 1/n (the isolation of n equally weighted samples, as in the paper).
 * The bound is for the gradient flow; GD with a step well below 2 / smoothness tracks it. Both the
 * bound and the loss decay like 1/t eventually (Soudry et al.): the suite reports the measured
 * log-log slope of the loss against t over the last half of the run, expected near -1.
 */
import { commonKeys, type ConfigOf, int, num } from "../src/suite/keys.ts";
import { defineSuite } from "../src/suite/define_suite.ts";
import { stepsPerEpochKey } from "./toy_keys.ts";
import { gradientDescent } from "../src/toys/gradient_descent.ts";
import { fitLine } from "../src/analysis/line_fit.ts";
import {
  crossEntropy,
  lambertBound,
  separableData,
  separationMargin,
} from "../src/toys/logistic.ts";
import type { RunContext, RunOutcome } from "../src/suite/suite.ts";
import { decaysLikeOneOverT, underLambertBound } from "./logistic_claims.ts";
import { formatNumber } from "../src/util/number_format.ts";

/** The keys of the suite, with their defaults. */
const KEYS = {
  ...commonKeys({ epochs: 400, lr: 0.5, width: 4 }),
  width: int("input dimension d (parameters: classes x d)", { min: 1, default: 4 }),
  trainSize: int("number of training samples n (kappa = 1/n)", { min: 1, default: 20 }),
  classes: int("number of classes c", { min: 2, default: 3 }),
  margin: num("minimum normalized margin of the samples under the separating ray", {
    exclusiveMin: 0,
    default: 0.5,
  }),
  stepsPerEpoch: stepsPerEpochKey(50),
};

async function runLogistic(config: ConfigOf<typeof KEYS>, ctx: RunContext): Promise<RunOutcome> {
  await Promise.resolve();
  const n = config.trainSize;
  const c = config.classes;
  const d = config.width;
  const data = separableData(config.seed, n, d, c, config.margin);
  const eps = separationMargin(data.zeta, data);
  const kappa = 1 / n;
  const spe = config.stepsPerEpoch;
  const gd = gradientDescent((theta) => crossEntropy(theta, data), new Float64Array(c * d), {
    lr: config.lr,
    epochs: config.epochs,
    stepsPerEpoch: spe,
    onEpoch: (epoch, loss) => ctx.onEpoch({ epoch, epochs: config.epochs, loss }),
  });
  const { epoch, loss } = gd.series;
  const loss0 = loss[0]!;
  const time = epoch.map((e) => e * spe * config.lr);
  const bound = time.map((t) => lambertBound(t, loss0, eps, kappa));
  const holds = loss.filter((l, i) => l <= bound[i]! * (1 + 1e-12)).length;
  const half = epoch.findIndex((e) => e >= config.epochs / 2);
  const tail = epoch.length - half >= 3 && half > 0
    ? fitLine(time.slice(half).map(Math.log), loss.slice(half).map(Math.log))
    : null;
  const accuracy = trainingAccuracy(gd.final, data);
  const last = loss.length - 1;
  return {
    status: gd.divergedAt === null ? "complete" : "diverged",
    divergedAt: gd.divergedAt,
    error: null,
    params: c * d,
    trainSize: n,
    series: gd.series,
    notes: [
      `${n} samples in R^${d}, ${c} classes, separating ray with margin eps = ${
        formatNumber(eps)
      }, ` +
      `kappa = 1/n = ${formatNumber(kappa)}`,
      `loss <= Lambert-W bound at ${holds} of ${loss.length} epochs; final loss ${
        formatNumber(loss[last]!)
      } ` +
      `vs bound ${formatNumber(bound[last]!)} at t = ${formatNumber(time[last]!)}`,
      `log-log slope of loss vs t over the last half ${
        formatNumber(tail?.slope ?? null)
      } (1/t: -1); ` +
      `training accuracy ${formatNumber(accuracy)}`,
    ],
    extraSummary: {
      epsilon: eps,
      kappa,
      boundFinal: bound[last]!,
      lossOverBoundFinal: loss[last]! / bound[last]!,
      boundHolds: holds === loss.length,
      tailSlope: tail?.slope ?? null,
      trainAccuracy: accuracy,
    },
  };
}

/** Fraction of samples whose largest score is their label's. */
function trainingAccuracy(theta: Float64Array, data: ReturnType<typeof separableData>): number {
  let right = 0;
  for (let k = 0; k < data.n; k++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < data.c; i++) {
      let s = 0;
      for (let j = 0; j < data.d; j++) s += theta[i * data.d + j]! * data.x[k * data.d + j]!;
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    if (best === data.labels[k]) right++;
  }
  return right / data.n;
}

/** Logistic regression on separable data against the Lambert-W bound of Proposition 4.5. */
export const logisticSuite = defineSuite({
  name: "logistic",
  description: "Robin et al. 4.3: separable multi-class logistic regression vs the Lambert-W bound",
  keys: KEYS,
  grid: { seed: [0, 1, 2] },
  expectations: [
    {
      id: "under-lambert-bound",
      statement: "the training loss stays below log(1 + 1 / W0(exp(eps^2 kappa^2 t - C))) at all t",
      source: "Robin, Scaman, Lelarge, Section 4.3, Proposition 4.5",
      check: underLambertBound,
    },
    {
      id: "decays-like-1-over-t",
      statement: "the loss decays sublinearly, like 1/t (log-log slope near -1), not linearly",
      source: "Robin, Scaman, Lelarge, Section 4.3 (consistency with Soudry et al. 2018)",
      check: decaysLikeOneOverT,
    },
  ],
  run: runLogistic,
});
