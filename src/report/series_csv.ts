/**
 * The per-epoch series of a report as CSV: one row per recorded epoch; NTK and sharpness probes
 * (taken at some epochs only) are joined by epoch and left blank elsewhere.
 */
import { stringify } from "@std/csv/stringify";
import type { NtkSeries, Series } from "./schema.ts";

const BASE = ["epoch", "loss", "gradNormSq", "drift", "lr", "seconds"] as const;

/** A column builder for values taken at `probeEpochs`, joined to the series' `epochs`. */
function joiner(probeEpochs: number[], epochs: number[]) {
  const at = new Map(probeEpochs.map((e, i) => [e, i]));
  return (name: string, values: (number | null)[]) => ({
    name,
    values: epochs.map((e) => {
      const i = at.get(e);
      return i === undefined ? null : values[i] ?? null;
    }),
  });
}

function ntkColumns(prefix: string, ntk: NtkSeries | undefined, epochs: number[]) {
  if (ntk === undefined) return [];
  const join = joiner(ntk.epoch, epochs);
  const column = (name: string, values: (number | null)[]) => join(prefix + name, values);
  return [
    column("LambdaMin", ntk.lambdaMin),
    column("LambdaMax", ntk.lambdaMax),
    column("KernelShift", ntk.kernelShift),
  ];
}

/**
 * CSV text of a series, header first.
 *
 * @example seriesCsv(report.series) // "epoch,loss,gradNormSq,drift,lr,seconds\r\n0,0.5,..." (RFC 4180 line ends)
 */
export function seriesCsv(series: Series): string {
  const columns: { name: string; values: (number | null)[] }[] = BASE.map((name) => ({
    name,
    values: series[name],
  }));
  if (series.accuracy !== undefined) columns.push({ name: "accuracy", values: series.accuracy });
  columns.push(...ntkColumns("ntk", series.ntk, series.epoch));
  columns.push(...ntkColumns("fullNtk", series.fullNtk, series.epoch));
  const hessian = series.hessian;
  if (hessian !== undefined) {
    const join = joiner(hessian.epoch, series.epoch);
    columns.push(join("sharpness", hessian.sharpness), join("sharpnessResidual", hessian.residual));
    if (hessian.trace !== undefined) columns.push(join("hessianTrace", hessian.trace));
  }
  const rows = series.epoch.map((_, i) => columns.map((c) => c.values[i] ?? null));
  return stringify([columns.map((c) => c.name), ...rows]);
}
