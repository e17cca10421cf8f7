/**
 * Reading a summary's decay verdict: as flat columns (for tables and nightly metrics) and as one
 * line of text (for pages).
 */
import type { Decay, DecayVerdict, Summary } from "./schema.ts";
import { formatNumber } from "../util/number_format.ts";

/** The headline decay verdict of a summary as flat values (null where the run has none). */
export interface DecayColumns {
  model: DecayVerdict | null;
  rho: number | null;
  decades: number | null;
  lInf: number | null;
}

/** `summary.decay` as flat values; tolerates summaries without one (failed runs). */
export function decayColumns(summary: Summary | null | undefined): DecayColumns {
  const d = summary?.decay;
  if (d === null || d === undefined || typeof d !== "object") {
    return { model: null, rho: null, decades: null, lInf: null };
  }
  return { model: d.model, rho: d.rho, decades: d.gapDecades, lInf: d.lInf };
}

/**
 * One line: the verdict, the best fit's rate or exponent, the decades of decline resolved above
 * the noise and the epochs, and why when undetermined. "geometric" says what it means under the
 * selection's rule: a steady rate, which no power law (each slows by at least 10% across the
 * window) matches as well.
 *
 * @example
 * describeDecay(decay); // "geometric (steady rate): rho 0.9936, 12.1 decades, epochs 423–4800"
 */
export function describeDecay(d: Decay | null | undefined): string {
  if (d === null || d === undefined) return "no decay verdict (too few resolved epochs)";
  const fit = d.best === "geometric"
    ? `rho ${formatNumber(d.fits.geometric.params.rho)}`
    : d.best === "power"
    ? `exponent ${formatNumber(d.fits.power.params.p)}, t0 ${formatNumber(d.fits.power.params.t0)}`
    : `slope ${formatNumber(d.fits.linear.params.b)} per epoch`;
  const decades = d.gapDecades === null
    ? "no decline"
    : `${d.gapDecades.toFixed(2)} decades resolved`;
  const span = `epochs ${d.window[0]}–${d.window[1]}`;
  const name = d.model === "geometric" ? "geometric (steady rate)" : d.model;
  return d.model === "undetermined"
    ? `undetermined (best: ${d.best}, ${fit}, ${decades}, ${span}): ${d.reason}`
    : `${name}: ${fit}, ${decades}, ${span}`;
}
