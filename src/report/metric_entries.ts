/**
 * The entries of the metric catalogue (metrics.ts), in the order tables show them: the decay fit
 * and the three PL minima first, then the paper's Table 1, then the rest of the summary in the
 * order reports list it.
 */
import type { MetricKind, MetricSpec } from "./metrics.ts";

type Options = Partial<Omit<MetricSpec, "key" | "kind" | "label" | "doc" | "from">>;

/** An entry with the defaults: a summary field per seed, 4 digits, no unit, neither side better. */
function metric<
  K extends string,
  T extends MetricKind,
  F extends MetricSpec["from"] = "summary",
>(
  key: K,
  kind: T,
  label: string,
  doc: string,
  options: Options & { from?: F } = {},
): MetricSpec<K, T> & { from: F } {
  return {
    key,
    kind,
    label,
    doc,
    short: options.short ?? key,
    unit: options.unit ?? "",
    digits: options.digits ?? 4,
    better: options.better ?? "neither",
    per: options.per ?? "seed",
    views: options.views ?? (kind === "number" ? SEEDS : kind === "flag" ? ["nightly"] : []),
    from: options.from ?? ("summary" as F),
    since: options.since ?? 2,
    tables: options.tables ?? {},
  };
}

const SEEDS = ["crossSeed", "nightly"] as const;

/** Every metric of the catalogue. */
export const METRIC_ENTRIES = [
  metric(
    "decayRho",
    "number",
    "decay ρ",
    "Contraction per epoch of the headline decay fit when it is geometric (summary.decay.rho).",
    { short: "rho", better: "lower", from: "decay", since: 0, views: ["terminal", ...SEEDS] },
  ),
  metric(
    "decayDecades",
    "number",
    "gap decades",
    "Decades the headline decay fit's gap L - L_inf spans over its window (summary.decay.gapDecades).",
    { short: "decades", from: "decay", since: 0, views: ["terminal", ...SEEDS] },
  ),
  metric(
    "plMinZero",
    "number",
    "PL min (L*=0)",
    "Min of ||grad L||^2 / (2 L) (L* = 0) on the post-transient run: what Theorem 5.4 bounds.",
    { short: "plMin0", better: "higher", views: ["terminal", ...SEEDS] },
  ),
  metric(
    "plMinFit",
    "number",
    "PL min (L*=L∞)",
    "Min of ||grad L||^2 / (2 (L - L_inf)) on the post-transient run, L_inf the decay fit's limit, where that gap is positive.",
    { better: "higher", views: ["terminal", ...SEEDS] },
  ),
  metric(
    "plMin",
    "number",
    "PL min (proxy)",
    "Min PL ratio ||grad L||^2 / (2 (L - lStar)) on the stable window: the paper's, against the terminal proxy.",
    {
      short: "plMin*",
      better: "higher",
      since: 1,
      tables: { table1: 7, table2: 1 },
      views: ["terminal", ...SEEDS],
    },
  ),
  metric(
    "plProxyShift",
    "number",
    "proxy shift",
    "plMin / plMinFit: how much the terminal proxy inflates the PL minimum.",
  ),
  metric("params", "number", "#params", "Number of trained parameters.", {
    per: "point",
    from: "report",
    since: 0,
    tables: { table1: 1 },
    views: ["crossSeed"],
  }),
  metric("lambda0", "number", "λ₀", "lambda_min of the probe-subset NTK at the first probe.", {
    since: 1,
    tables: { table1: 2 },
    views: ["terminal", ...SEEDS],
  }),
  metric("lambdaT", "number", "λ_T", "lambda_min of the probe-subset NTK at the last probe.", {
    short: "lambdaT",
    since: 1,
    tables: { table1: 3 },
    views: ["terminal", ...SEEDS],
  }),
  metric(
    "ntkDriftPct",
    "number",
    "NTK drift",
    "Signed drift of the probe-subset lambda_min, (lambda_T - lambda_0) / lambda_0.",
    { unit: "%", since: 1, tables: { table1: 4 }, views: [...SEEDS] },
  ),
  metric("lStar", "number", "L*", "Final training loss: the paper's terminal proxy for L*.", {
    short: "L*",
    better: "lower",
    since: 1,
    tables: { table1: 5, table2: 3 },
    views: ["terminal", ...SEEDS],
  }),
  metric(
    "finalDrift",
    "number",
    "final drift",
    "Parameter drift ||theta_T - theta_0|| at the last epoch.",
    { short: "drift", since: 1, tables: { table1: 6, table2: 4 }, views: ["terminal", ...SEEDS] },
  ),
  metric(
    "etaOverEtaMax",
    "number",
    "η/η_max",
    "Step size over the edge of stability 2 (1 + beta) n alpha^2 / lambda_max(K_0).",
    { short: "eta/etaMax", since: 1, tables: { table1: 8 }, views: ["terminal", ...SEEDS] },
  ),
  metric(
    "window",
    "range",
    "stable window",
    "Stable regime (epochs, inclusive) on which plMin, plMedian, contraction and r2 are taken.",
    { since: 1 },
  ),
  metric(
    "windowSource",
    "source",
    "window source",
    "Whether the window was detected (auto) or given (override).",
    { since: 1 },
  ),
  metric(
    "decay",
    "decay",
    "decay",
    "Decay-model selection on the post-transient run (geometric, power or linear with L_inf free, by BIC): the headline verdict.",
  ),
  metric("decayWindow", "decay", "decay on W", "The same selection on the stable window."),
  metric(
    "plMedian",
    "number",
    "PL median (proxy)",
    "Median PL ratio against the terminal proxy on the stable window.",
    { better: "higher", since: 1, tables: { table2: 2 }, views: [...SEEDS] },
  ),
  metric(
    "plMedianZero",
    "number",
    "PL median (L*=0)",
    "Median of ||grad L||^2 / (2 L) on the post-transient run.",
    { better: "higher" },
  ),
  metric(
    "contraction",
    "number",
    "contraction ρ (proxy)",
    "The paper's rate fit on the window: exp(slope of log(L - lStar)).",
    { short: "rho*", better: "lower", since: 1, views: ["terminal", ...SEEDS] },
  ),
  metric("r2", "number", "R²", "R^2 of the paper's rate fit.", { better: "higher", since: 1 }),
  metric(
    "loglogSlope",
    "number",
    "log-log slope",
    "Slope of log ||grad L||^2 against log(L - lStar) on the window.",
    { since: 1 },
  ),
  metric(
    "fullLambda0",
    "number",
    "full λ₀",
    "lambda_min of the full-training-set NTK at the first full probe.",
    { since: 1 },
  ),
  metric(
    "fullLambdaT",
    "number",
    "full λ_T",
    "lambda_min of the full-training-set NTK at the last full probe.",
    { since: 1 },
  ),
  metric(
    "lambdaMinFloor",
    "number",
    "λ_min floor",
    "Lemma 5.3: min over the probes of lambda_min(K_t), probe-subset kernel.",
  ),
  metric(
    "lambdaMinRatio",
    "number",
    "λ_min floor / λ₀",
    "lambdaMinFloor / lambda_min(K_0), probe-subset kernel.",
  ),
  metric(
    "fullLambdaMinFloor",
    "number",
    "full λ_min floor",
    "Lemma 5.3's floor on the full-training-set kernel.",
  ),
  metric(
    "fullLambdaMinRatio",
    "number",
    "full λ_min floor / λ₀",
    "fullLambdaMinFloor / lambda_min(K_0), full kernel.",
  ),
  metric(
    "lambdaMinResolved",
    "flag",
    "λ_min resolved",
    "lambda_min above its float32 noise floor at every probe, probe-subset kernel.",
  ),
  metric(
    "fullLambdaMinResolved",
    "flag",
    "full λ_min resolved",
    "lambda_min above its float32 noise floor at every full probe.",
  ),
  metric(
    "ntkViolation",
    "number",
    "NTK identity violation",
    "Worst relative violation of ||grad L||^2 / (2 L) >= lambda_min(K) / (n alpha^2) at the full probes; 0 when it holds.",
  ),
  metric(
    "ntkSuspect",
    "flag",
    "NTK suspect",
    "ntkViolation beyond float32 tolerance: the NTK numbers are suspect.",
    { better: "lower" },
  ),
  metric("finalLoss", "number", "final loss", "The last training loss.", {
    better: "lower",
    since: 1,
  }),
  metric(
    "lipschitzK",
    "number",
    "L_K",
    "Secant estimate of the kernel's Lipschitz constant max ||K_t - K_0||_2 / ||theta_t - theta_0||.",
    { since: 1 },
  ),
  metric("radius", "number", "radius R", "Radius max ||theta_t - theta_0|| of the trajectory.", {
    since: 1,
  }),
  metric("plBound", "number", "PL bound", "(lambda_0 - L_K R) / (n alpha^2) on plBoundKernel.", {
    since: 1,
  }),
  metric(
    "plBoundKernel",
    "kernel",
    "PL bound kernel",
    "The kernel plBound is taken on: full or subset.",
    { since: 1 },
  ),
  metric(
    "weylVacuous",
    "flag",
    "Weyl vacuous",
    "max ||K_t - K_0||_2 > lambda_min(K_0): Weyl's inequality bounds nothing.",
  ),
  metric(
    "etaMaxSource",
    "kernel",
    "η_max kernel",
    "The kernel eta_max is taken on: full or subset.",
    { since: 1 },
  ),
  metric(
    "secondsPerEpoch",
    "number",
    "s / epoch",
    "Wall-clock seconds per epoch (the nightly compares it as speedRatio).",
    { unit: "s", since: 1, views: ["crossSeed"] },
  ),
] as const;
