/**
 * Typed reads of a report's summary for the checks: a number, a flag, and the decay-model verdict,
 * each null where the report does not carry it (an older schema, a suite without that value).
 */
import type { Report } from "../report/schema.ts";

/** The summary value `key` when it is a finite number, else null. */
export function numberAt(report: Report, key: string): number | null {
  const v = report.summary[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** The summary value `key` when it is a boolean, else null. */
export function flagAt(report: Report, key: string): boolean | null {
  const v = report.summary[key];
  return typeof v === "boolean" ? v : null;
}

/** The parts of a decay-model verdict (src/analysis/decay_model.ts) the checks read. */
export interface DecayReading {
  model: "geometric" | "power" | "linear" | "undetermined";
  best: string;
  reason: string | null;
  rho: number | null;
  lInf: number | null;
  gapDecades: number | null;
  /** The runner-up's misfit over the best's (src/analysis/decay_model.ts). */
  separation: number | null;
  window: [number, number] | null;
  /** The power law's exponent p when it was fitted. */
  powerP: number | null;
  /** A regime change inside the window: its epoch, the phase before, and the late phase's verdict. */
  change: { epoch: number; before: string; late: DecayReading | null } | null;
}

const MODELS = new Set(["geometric", "power", "linear", "undetermined"]);

function finite(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** The decay verdict stored under `key` (`decay` or `decayWindow`), or null where there is none. */
export function decayAt(
  report: Report,
  key: "decay" | "decayWindow" = "decay",
): DecayReading | null {
  return decayReading(report.summary[key] as unknown);
}

function changeReading(value: unknown): DecayReading["change"] {
  if (typeof value !== "object" || value === null) return null;
  const c = value as Record<string, unknown>;
  if (typeof c.epoch !== "number" || typeof c.before !== "string") return null;
  return { epoch: c.epoch, before: c.before, late: decayReading(c.late) };
}

function decayReading(d: unknown): DecayReading | null {
  if (typeof d !== "object" || d === null) return null;
  const o = d as Record<string, unknown>;
  if (typeof o.model !== "string" || !MODELS.has(o.model)) return null;
  const w = o.window;
  const fits = o.fits as Record<string, { params?: Record<string, unknown> }> | undefined;
  return {
    model: o.model as DecayReading["model"],
    best: String(o.best ?? o.model),
    reason: typeof o.reason === "string" ? o.reason : null,
    rho: finite(o.rho),
    lInf: finite(o.lInf),
    gapDecades: finite(o.gapDecades),
    separation: finite(o.separation),
    window: Array.isArray(w) && w.length === 2 && w.every((x) => typeof x === "number")
      ? [w[0] as number, w[1] as number]
      : null,
    powerP: finite(fits?.power?.params?.p),
    change: changeReading(o.change),
  };
}
