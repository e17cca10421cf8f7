/**
 * `init-compare`: standard He against depth-scaled He initialisation (earlier version of the paper,
 * 001, Section 6.4), on the binary-MNIST MLP of `mlp-mnist` (its run, with the init options).
 * The depth-scaled method "scales the variance of the standard He initialization for each layer by a
 * factor" of the total depth, lost in extraction: the MLP divides every layer's variance by `depth`,
 * and `initScale` multiplies every variance on top (default 1: the depth-scaled cells use He x 1/depth;
 * `--grid initScale=...` explores other factors, applied to both inits alike). The paper saw both
 * converge linearly and the smaller, depth-scaled variance converge more slowly.
 *
 * Measured with the defaults (width 128, lr 0.003, 200 epochs, 2000 samples; 96 s for both cells
 * on 2 busy cores): He reaches L* = 0.218, depth-scaled He barely leaves the initial loss 0.5
 * (L* = 0.500, subset-NTK lambda_0 2.5e-4 against 0.20, eta / eta_max 0.15 against 0.66): at one
 * shared step the smaller variance is far slower. `--grid lr=...` compares the two at equal eta / eta_max instead.
 *
 * `initContrast(reports)` compares the fitted contractions of the two inits across a sweep's reports;
 * `deno run -A suites/init_compare.ts runs/` prints it for a report folder.
 */
import type { Report } from "../src/report/schema.ts";
import { readReportFolders } from "../src/spool/store_files.ts";
import { MLP_CHECKS, MLP_MNIST_KEYS, type MlpConfig, runMlpMnist } from "./mlp_mnist.ts";
import type { RunContext, RunOutcome } from "../src/suite/suite.ts";
import { defineSuite } from "../src/suite/define_suite.ts";
import { formatNumber } from "../src/util/number_format.ts";
import { bothDecayGeometrically, depthScaledSlower } from "./init_compare_claims.ts";

/** Weight variance of a cell relative to He: initScale, divided by depth for depth-scaled-he. */
export function initVarianceFactor(config: MlpConfig): number {
  const scale = config.initScale;
  return config.init === "depth-scaled-he" ? scale / config.depth : scale;
}

/** The keys of mlp-mnist, initScale explained for the two inits. */
const KEYS = {
  ...MLP_MNIST_KEYS,
  initScale: {
    ...MLP_MNIST_KEYS.initScale,
    doc: "multiplier of every weight variance; depth-scaled-he also divides by depth " +
      "(default 1: its factor is 1/depth)",
  },
};

async function runInitCompare(config: MlpConfig, ctx: RunContext): Promise<RunOutcome> {
  const outcome = await runMlpMnist(config, ctx);
  const factor = initVarianceFactor(config);
  return {
    ...outcome,
    notes: [
      ...outcome.notes,
      `init ${config.init}: weight variance = He x ${formatNumber(factor)}`,
    ],
    extraSummary: { ...outcome.extraSummary, initVarianceFactor: factor },
  };
}

/** Mean fitted contraction per init across reports, and whether depth-scaled He was slower. */
export interface InitContrast {
  he: number | null;
  depthScaled: number | null;
  /** Contraction closer to 1 means slower; null unless both inits have a contraction. */
  depthScaledSlower: boolean | null;
  runs: number;
}

/**
 * Averages summary.contraction over the complete init-compare reports of each init (log-space mean,
 * i.e. the mean rate). Reports without a contraction are skipped.
 *
 * @example
 * ```ts
 * initContrast(reports).depthScaledSlower; // true in the paper's setting
 * ```
 */
export function initContrast(reports: readonly Report[]): InitContrast {
  const logs: Record<string, number[]> = { "he": [], "depth-scaled-he": [] };
  for (const r of reports) {
    const c = r.summary.contraction;
    const list = logs[String(r.config.init)];
    if (r.suite !== "init-compare" || r.status !== "complete" || list === undefined) continue;
    if (typeof c !== "number" || !(c > 0)) continue;
    list.push(Math.log(c));
  }
  const mean = (xs: number[]) =>
    xs.length === 0 ? null : Math.exp(xs.reduce((a, b) => a + b, 0) / xs.length);
  const he = mean(logs["he"]!);
  const depthScaled = mean(logs["depth-scaled-he"]!);
  return {
    he,
    depthScaled,
    depthScaledSlower: he === null || depthScaled === null ? null : depthScaled > he,
    runs: logs["he"]!.length + logs["depth-scaled-he"]!.length,
  };
}

/** He against depth-scaled He on the binary-MNIST MLP. */
export const initCompareSuite = defineSuite({
  name: "init-compare",
  description: "He vs depth-scaled He init on the binary-MNIST MLP (paper 001, Section 6.4)",
  keys: KEYS,
  grid: { init: ["he", "depth-scaled-he"] },
  expectations: [
    {
      id: "both-geometric",
      statement: "both initialisations converge linearly (log gap straight in the stable regime)",
      source: "paper 001, Section 6.4, Figure 4",
      check: bothDecayGeometrically,
    },
    {
      id: "depth-scaled-slower",
      statement: "depth-scaled He (smaller initial variance) converges more slowly than He",
      source: "paper 001, Section 6.4, Figure 4",
      check: depthScaledSlower,
    },
  ],
  ...MLP_CHECKS,
  run: runInitCompare,
});

/** Prints the init contrast of the init-compare reports in the given folders. */
export async function main(args: string[]): Promise<number> {
  if (args.length === 0) {
    console.error("Usage: deno run -A suites/init_compare.ts DIR [DIR ...] (report folders)");
    return 2;
  }
  const c = initContrast(await readReportFolders(args));
  const fmt = (x: number | null) => (x === null ? "n/a" : x.toFixed(6));
  console.log(
    `contraction per epoch: he ${fmt(c.he)}, depth-scaled-he ${fmt(c.depthScaled)} ` +
      `(${c.runs} runs); depth-scaled slower: ${c.depthScaledSlower ?? "n/a"}`,
  );
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
