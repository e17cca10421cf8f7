/**
 * Small stand-in suites for the tests of the sweep machinery: a least-squares problem solved by
 * gradient descent in plain TypeScript (no tfjs), with keys to slow it down or make it crash.
 */
import { commonKeys, type ConfigOf, int, oneOf } from "../../suite/keys.ts";
import { defineSuite } from "../../suite/define_suite.ts";
import { mulberry32 } from "../../util/random.ts";
import type { RunContext, RunOutcome, Suite } from "../../suite/suite.ts";
import { workerMain } from "../worker.ts";
import type { ProgramEntry } from "../../util/program_entry.ts";

/** The keys of the stand-in, with their defaults. */
const KEYS = {
  ...commonKeys({ epochs: 5, lr: 0.5, width: 4 }),
  trainSize: int("number of samples", { min: 1, default: 16 }),
  sleepMs: int("pause after each epoch (ms)", { min: 0, default: 0 }),
  crash: oneOf(
    ["none", "throw", "exit", "atexit"],
    "fail on purpose at epoch 2, or abort at exit",
    {
      default: "none",
    },
  ),
};

async function runLeastSquares(
  config: ConfigOf<typeof KEYS>,
  ctx: RunContext,
): Promise<RunOutcome> {
  const n = config.trainSize;
  const d = config.width;
  const rand = mulberry32(config.seed * 7919 + 1).uniform;
  const x = Array.from({ length: n }, () => Array.from({ length: d }, () => rand() - 0.5));
  const y = x.map((row) => row.reduce((s, v, j) => s + v * ((j % 3) - 1), 0) + rand() * 0.1);
  const theta = new Array<number>(d).fill(0);
  const series = { epoch: [], loss: [], gradNormSq: [], drift: [], lr: [], seconds: [] } as {
    [k in "epoch" | "loss" | "gradNormSq" | "drift" | "lr" | "seconds"]: number[];
  };
  const start = performance.now();
  for (let epoch = 0; epoch <= config.epochs; epoch++) {
    const r = x.map((row, i) => row.reduce((s, v, j) => s + v * (theta[j] ?? 0), 0) - (y[i] ?? 0));
    const loss = r.reduce((s, v) => s + v * v, 0) / (2 * n);
    const grad = theta.map((_, j) => r.reduce((s, v, i) => s + v * (x[i]?.[j] ?? 0), 0) / n);
    if (config.crash === "throw" && epoch === 2) throw new Error("fake failure at epoch 2");
    if (config.crash === "exit" && epoch === 2) Deno.exit(3);
    if (config.crash === "atexit" && epoch === 0) {
      globalThis.addEventListener("unload", () => Deno.kill(Deno.pid, "SIGABRT"));
    }
    if (!Number.isFinite(loss)) {
      return {
        status: "diverged",
        divergedAt: epoch,
        error: null,
        params: d,
        trainSize: n,
        series,
        notes: [],
      };
    }
    series.epoch.push(epoch);
    series.loss.push(loss);
    series.gradNormSq.push(grad.reduce((s, g) => s + g * g, 0));
    series.drift.push(Math.sqrt(theta.reduce((s, t) => s + t * t, 0)));
    series.lr.push(config.lr);
    series.seconds.push((performance.now() - start) / 1000);
    ctx.onEpoch({ epoch, epochs: config.epochs, loss });
    if (epoch < config.epochs) grad.forEach((g, j) => (theta[j] = (theta[j] ?? 0) - config.lr * g));
    const sleepMs = config.sleepMs;
    if (sleepMs > 0) await new Promise((ok) => setTimeout(ok, sleepMs));
  }
  return {
    status: "complete",
    divergedAt: null,
    error: null,
    params: d,
    trainSize: n,
    series,
    notes: [],
  };
}

/**
 * Least squares by gradient descent; `crash` makes it throw or exit at epoch 2, or abort at
 * process exit after the report is out; `sleepMs` slows it.
 */
export const fakeLeastSquares = defineSuite({
  name: "fake-lsq",
  description: "least squares by gradient descent (test stand-in)",
  keys: KEYS,
  grid: { width: [4, 8], lr: [0.1, 0.5] },
  expectations: [],
  run: runLeastSquares,
});

/** The registry the tests give the sweep in place of suites/mod.ts. */
export const SUITES: readonly Suite[] = [fakeLeastSquares];

/** This registry as the program of worker processes: `workerMain` with these suites. */
export const FAKE_PROGRAM: ProgramEntry = {
  module: new URL(import.meta.url).pathname,
  config: new URL("../../../deno.json", import.meta.url).pathname,
};

if (import.meta.main) Deno.exit(await workerMain(Deno.args, SUITES));
