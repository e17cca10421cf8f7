/**
 * `lazy-scaling`: the lazy-training caveat of the slides (Appendix III; Chizat, Oyallon, Bach 2019).
 * A two-layer float64 network f (src/toys/two_layer.ts, antisymmetric init so f(theta0) = 0) is
 * trained by GD on f_alpha = 1/(2 n alpha^2) sum (alpha f - y)^2; the drift ||theta_t - theta0||
 * should shrink like 1/alpha and the distance to GD on the model linearized at theta0 like
 * log(alpha) / alpha^2.
 *
 * Design: alpha is a grid axis, one cell per alpha, so every cell is an ordinary run (its own series,
 * report, shard and resume) and the dashboard's cross-run views apply. Each cell checks the 1/alpha
 * law on its own against a closed form: alpha * drift tends to alpha * ||delta_lin||, which does not
 * depend on alpha (delta_lin: GD on the linearized model after the same steps, in closed form), so
 * `lazyRatio` -> 1. The cross-run exponent is `fitDriftExponent(reports)` (least squares of log
 * finalDrift on log alpha); `deno run -A suites/lazy_scaling.ts runs/` prints it for a report folder.
 *
 * The float64 net runs in well under a second per cell and has the exact linearized reference; the
 * same experiment on the binary-MNIST MLP with the tfjs trainer (centred by shifted targets, since
 * the MLP's initial output is not zero) is `lazy-scaling-mlp`.
 */
import type { Report } from "../src/report/schema.ts";
import { readReportFolders } from "../src/spool/store_files.ts";
import { gradientDescent } from "../src/toys/gradient_descent.ts";
import { fitLine } from "../src/analysis/line_fit.ts";
import { linearizedDisplacement } from "../src/toys/linearized_gd.ts";
import { lazyLoss, lazyProblem, twoLayerForward } from "../src/toys/two_layer.ts";
import type { Expectation, RunContext, RunOutcome } from "../src/suite/suite.ts";
import { commonKeys, type ConfigOf, int } from "../src/suite/keys.ts";
import { defineSuite } from "../src/suite/define_suite.ts";
import { alphaKey, stepsPerEpochKey } from "./toy_keys.ts";
import { driftLikeOneOverAlpha, linearGapBound } from "./lazy_scaling_claims.ts";
import { formatNumber } from "../src/util/number_format.ts";

/** The claim both lazy-scaling suites state: the drift shrinks like 1/alpha. */
export const DRIFT_ONE_OVER_ALPHA: Expectation = {
  id: "drift-1-over-alpha",
  statement: "the drift sup_t ||theta_t - theta0|| shrinks like 1/alpha (fitted exponent near -1)",
  source: "slides, Appendix III (Chizat, Oyallon, Bach 2019)",
  check: driftLikeOneOverAlpha,
};

/** The keys of the suite, with their defaults. */
const KEYS = {
  ...commonKeys({ epochs: 100, lr: 1, width: 64 }),
  width: int("hidden units m of the two-layer net (even)", { min: 2, default: 64 }),
  alpha: alphaKey,
  trainSize: int("number of training samples n", { min: 1, default: 20 }),
  inputDim: int("input dimension d", { min: 1, default: 5 }),
  stepsPerEpoch: stepsPerEpochKey(10),
};

type Config = ConfigOf<typeof KEYS>;

async function runLazyScaling(config: Config, ctx: RunContext): Promise<RunOutcome> {
  await Promise.resolve();
  const alpha = config.alpha;
  const n = config.trainSize;
  const { problem, theta0 } = lazyProblem(config.seed, n, config.inputDim, config.width);
  const spe = config.stepsPerEpoch;
  const gd = gradientDescent((theta) => lazyLoss(theta, problem, alpha), theta0, {
    lr: config.lr,
    epochs: config.epochs,
    stepsPerEpoch: spe,
    onEpoch: (epoch, loss) => ctx.onEpoch({ epoch, epochs: config.epochs, loss }),
  });
  const jac = new Float64Array(n * theta0.length);
  twoLayerForward(theta0, problem, jac);
  const steps = (gd.series.epoch.at(-1) ?? 0) * spe;
  const lin = linearizedDisplacement(jac, problem.y, n, alpha, config.lr, steps);
  let gapSq = 0;
  for (let q = 0; q < theta0.length; q++) gapSq += (gd.final[q]! - theta0[q]! - lin[q]!) ** 2;
  const gap = Math.sqrt(gapSq);
  const finalDrift = gd.series.drift.at(-1)!;
  const linearizedLimit = alpha * Math.hypot(...lin);
  return {
    status: gd.divergedAt === null ? "complete" : "diverged",
    divergedAt: gd.divergedAt,
    error: null,
    params: theta0.length,
    trainSize: n,
    series: gd.series,
    notes: [
      `alpha = ${alpha}: alpha * final drift ${
        formatNumber(alpha * finalDrift)
      } vs the linearized ` +
      `closed form ${formatNumber(linearizedLimit)} (ratio ${
        formatNumber((alpha * finalDrift) / linearizedLimit)
      })`,
      `distance to the linearized trajectory ${formatNumber(gap)} (alpha^2 * distance ${
        formatNumber(alpha ** 2 * gap)
      })`,
    ],
    extraSummary: {
      alpha,
      alphaTimesDrift: alpha * finalDrift,
      alphaTimesMaxDrift: alpha * gd.maxDrift,
      linearizedLimit,
      lazyRatio: (alpha * finalDrift) / linearizedLimit,
      linearGap: gap,
    },
  };
}

/** A fitted power law y ~ alpha^exponent across runs. */
export interface ExponentFit {
  exponent: number;
  r2: number;
  points: number;
}

/**
 * Least squares of log(summary[key]) on log(config.alpha) over the complete reports of `suite`
 * (lazy-scaling or lazy-scaling-mlp) with a positive value; null when fewer than two distinct alphas
 * remain. Pools seeds.
 *
 * @example
 * ```ts
 * fitDriftExponent(reports)?.exponent; // about -1 in the lazy regime
 * ```
 */
export function fitDriftExponent(
  reports: readonly Report[],
  key = "finalDrift",
  suite = "lazy-scaling",
): ExponentFit | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const r of reports) {
    const value = r.summary[key];
    const alpha = r.config.alpha;
    if (r.suite !== suite || r.status !== "complete") continue;
    if (typeof value !== "number" || !(value > 0) || typeof alpha !== "number" || !(alpha > 0)) {
      continue;
    }
    xs.push(Math.log(alpha));
    ys.push(Math.log(value));
  }
  if (new Set(xs).size < 2) return null;
  const fit = fitLine(xs, ys);
  return { exponent: fit.slope, r2: fit.r2, points: xs.length };
}

/** The lazy-scaling suite: drift against the output scale alpha. */
export const lazyScalingSuite = defineSuite({
  name: "lazy-scaling",
  description:
    "slides App. III: GD on alpha f with loss / alpha^2; drift ~ 1/alpha (two-layer net)",
  keys: KEYS,
  grid: { alpha: [1, 2, 4, 8, 16, 32, 64] },
  expectations: [
    DRIFT_ONE_OVER_ALPHA,
    {
      id: "linear-gap-bound",
      statement: "the distance to GD on the linearized model shrinks like log(alpha) / alpha^2",
      source: "slides, Appendix III",
      check: linearGapBound,
    },
  ],
  run: runLazyScaling,
});

/** Prints the fitted drift exponents of the lazy-scaling(-mlp) reports in the given folders. */
export async function main(args: string[]): Promise<number> {
  if (args.length === 0) {
    console.error("Usage: deno run -A suites/lazy_scaling.ts DIR [DIR ...] (report folders)");
    return 2;
  }
  const reports = await readReportFolders(args);
  const wanted = [
    ["lazy-scaling", "finalDrift"],
    ["lazy-scaling", "linearGap"],
    ["lazy-scaling-mlp", "finalDrift"],
  ] as const;
  for (const [suite, key] of wanted) {
    if (!reports.some((r) => r.suite === suite)) continue;
    const fit = fitDriftExponent(reports, key, suite);
    console.log(
      fit === null
        ? `${suite} ${key}: no two alphas among the complete reports carry summary.${key}`
        : `${suite} ${key} ~ alpha^${fit.exponent.toFixed(3)} (R^2 ${fit.r2.toFixed(4)}, ` +
          `${fit.points} runs)`,
    );
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
