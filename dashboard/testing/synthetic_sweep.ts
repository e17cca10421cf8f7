/**
 * Generates a realistic synthetic sweep (width x step size x seed, MLP-shaped parameter counts,
 * geometric loss decay, saturating drift, an NTK plateau) for page tests and load benchmarks.
 */
import type { RunConfig } from "../../src/config/run_config.ts";
import type { Report } from "../../src/report/schema.ts";
import { makeReport } from "../../src/testing/report_factory.ts";
import { mulberry32 } from "../../src/util/random.ts";
import { median } from "../../src/util/stats.ts";

/** Shape of the generated sweep. */
export interface SyntheticSweepOptions {
  suite?: string;
  sweepId?: string;
  widths?: number[];
  lrs?: number[];
  seeds?: number[];
  epochs?: number;
  /** Cells (index in grid order) stored as diverged. */
  diverged?: number[];
}

/** Parameter count of a 784-input MLP with four hidden layers of width w and a scalar output. */
export function mlpParams(w: number): number {
  return 784 * w + w + 3 * (w * w + w) + w + 1;
}

function runSeries(config: RunConfig, epochs: number, random: () => number) {
  const noise = () => random() * 2 - 1;
  const w = config.width;
  const rho = 1 - config.lr * 40 * (1 + 0.05 * noise()) * Math.sqrt(w / 128);
  const floor = 1e-4 * (1 + 0.1 * noise());
  const a = 0.5 * (1 + 0.05 * noise());
  const mu = 0.3 * (1 + 0.1 * noise());
  const d = 2 / Math.sqrt(w / 128) * (1 + 0.05 * noise());
  const epoch = Array.from({ length: epochs + 1 }, (_, t) => t);
  const loss = epoch.map((t) => floor + a * rho ** t * (1 + 0.03 * noise()));
  const lStar = loss[epochs]!;
  const gradNormSq = loss.map((l) => 2 * mu * (1 + 0.2 * noise()) * (l - floor * 0.999));
  const drift = epoch.map((t) =>
    d * (1 - Math.exp(-t / 30)) + 0.02 * d * Math.sin(t) * Math.exp(-t / 5)
  );
  const lambda0 = 40 * (1 + 0.05 * noise()) * (w / 128);
  const lambdaT = lambda0 * (0.85 + 0.1 * Math.sqrt(w / 1024));
  const probes = epoch.filter((t) => t % 10 === 0 || t === epochs);
  const lambdaMin = probes.map((t) => lambdaT + (lambda0 - lambdaT) * Math.exp(-t / 15));
  const ntk = {
    epoch: probes,
    lambdaMin,
    lambdaMax: lambdaMin.map((l) => l * 60 * (1 + 0.02 * noise())),
    kernelShift: probes.map((t) => (lambda0 - lambdaT) * (1 - Math.exp(-t / 15))),
    drift: probes.map((t) => drift[t]!),
    k: 256,
    belowNoiseFloor: probes.map(() => false),
  };
  return { epoch, loss, lStar, gradNormSq, drift, ntk, rho, lambda0, lambdaT };
}

/** Reports of a synthetic sweep, one per cell of widths x lrs x seeds, in grid order. */
export function syntheticSweep(options: SyntheticSweepOptions = {}): Report[] {
  const suite = options.suite ?? "width-ablation";
  const widths = options.widths ?? [128, 256, 512, 1024];
  const lrs = options.lrs ?? [0.001, 0.0005];
  const seeds = options.seeds ?? [0, 1, 2];
  const epochs = options.epochs ?? 120;
  const grid = { width: widths, lr: lrs, seed: seeds };
  const cells = widths.length * lrs.length * seeds.length;
  const reports: Report[] = [];
  let cell = 0;
  for (const width of widths) {
    for (const lr of lrs) {
      for (const seed of seeds) {
        const config = { suite, seed, epochs, lr, width } as RunConfig;
        const s = runSeries(
          config,
          epochs,
          mulberry32(width * 7919 + Math.round(lr * 1e6) + seed * 104729).uniform,
        );
        const window: [number, number] = [Math.round(epochs * 0.1), Math.round(epochs * 0.8)];
        const pl = s.gradNormSq.map((g, t) => g / (2 * (s.loss[t]! - s.lStar)));
        const plWindow = pl.slice(window[0], window[1] + 1);
        const report = makeReport({
          suite,
          sweepId: options.sweepId ?? `${suite}-synthetic`,
          grid,
          cells,
          config,
          params: mlpParams(width),
          loss: s.loss,
          summary: {
            lStar: s.lStar,
            window,
            windowSource: "auto",
            plMin: Math.min(...plWindow),
            plMedian: median(plWindow),
            contraction: s.rho,
            r2: 0.995,
            loglogSlope: 0.97,
            lambda0: s.lambda0,
            lambdaT: s.lambdaT,
            ntkDriftPct: 100 * (s.lambdaT - s.lambda0) / s.lambda0,
            finalDrift: s.drift[epochs]!,
            finalLoss: s.loss[epochs]!,
            etaOverEtaMax: lr / (2 * 1976 / (s.lambda0 * 60 * 8)),
            etaMaxSource: "subset",
            secondsPerEpoch: 0.05 * width / 128,
          },
        });
        report.series = {
          epoch: s.epoch,
          loss: s.loss,
          gradNormSq: s.gradNormSq,
          drift: s.drift,
          lr: s.epoch.map(() => lr),
          seconds: s.epoch.map((t) => t * 0.05 * width / 128),
          ntk: s.ntk,
        };
        if (options.diverged?.includes(cell) === true) {
          const at = Math.round(epochs / 4);
          report.status = "diverged";
          report.divergedAt = at;
          const keep = <T>(xs: T[]) => xs.slice(0, at + 1);
          report.series = {
            epoch: keep(s.epoch),
            loss: keep(s.loss).map((l, t) => l * 1.5 ** t),
            gradNormSq: keep(s.gradNormSq).map((g, t) => g * 2 ** t),
            drift: keep(s.drift),
            lr: keep(report.series.lr),
            seconds: keep(report.series.seconds),
          };
          report.summary = { ...makeReport().summary, finalLoss: report.series.loss[at]! };
        }
        reports.push(report);
        cell++;
      }
    }
  }
  return reports;
}
