/**
 * The decay selection's confusion matrix on the synthetic curves of decay_curves.ts: each shape
 * exact in float32 and with 0.3% and 1% multiplicative noise (seeds 1-3), the law it follows
 * against the verdict the selection gives. `deno run -A src/analysis/decay_confusion.ts` prints it.
 */
import { curveShapes, type CurveTruth, resolvableDecades, sampleCurve } from "./decay_curves.ts";
import { selectDecay } from "./decay_model.ts";
import type { DecayVerdict } from "../report/schema.ts";

/** The noise sizes and seeds every shape is sampled at (0: exact, one seed). */
export const CONFUSION_NOISES: readonly [number, readonly number[]][] = [
  [0, [0]],
  [0.003, [1, 2, 3]],
  [0.01, [1, 2, 3]],
];

/** Verdict counts per true law (and per noise size), and the tallies the tests read. */
export interface Confusion {
  counts: Record<CurveTruth, Record<DecayVerdict, number>>;
  /** The same counts per noise size, keyed `${truth} ${noise}`. */
  byNoise: Map<string, Record<DecayVerdict, number>>;
  curves: number;
  /** Decisive verdicts naming the wrong model (any decisive verdict on a two-phase curve). */
  wrong: string[];
  /** Single-law curves that resolve >= 2 decades above their noise, and how many were called right. */
  resolved: number;
  resolvedRight: number;
}

const VERDICTS: readonly DecayVerdict[] = ["geometric", "power", "linear", "undetermined"];
const TRUTHS: readonly CurveTruth[] = ["geometric", "power", "linear", "two-phase"];

/** Runs the selection on every curve of the test set. */
export function decayConfusion(): Confusion {
  const counts = Object.fromEntries(
    TRUTHS.map((t) => [t, Object.fromEntries(VERDICTS.map((v) => [v, 0]))]),
  ) as Confusion["counts"];
  const byNoise = new Map<string, Record<DecayVerdict, number>>();
  const out: Confusion = { counts, byNoise, curves: 0, wrong: [], resolved: 0, resolvedRight: 0 };
  for (const shape of curveShapes()) {
    for (const [noise, seeds] of CONFUSION_NOISES) {
      for (const seed of seeds) {
        const c = sampleCurve(shape, noise, seed);
        const model = selectDecay({ epoch: c.epoch, loss: c.loss })?.model ?? "undetermined";
        counts[shape.truth][model]++;
        const key = `${shape.truth} ${noise}`;
        const row = byNoise.get(key) ?? Object.fromEntries(VERDICTS.map((v) => [v, 0]));
        row[model]++;
        byNoise.set(key, row as Record<DecayVerdict, number>);
        out.curves++;
        if (model !== "undetermined" && model !== shape.truth) {
          out.wrong.push(`${shape.name}, noise ${noise}, seed ${seed}: ${model}`);
        }
        if (shape.truth !== "two-phase" && resolvableDecades(shape, noise) >= 2) {
          out.resolved++;
          if (model === shape.truth) out.resolvedRight++;
        }
      }
    }
  }
  return out;
}

/** The matrix as a Markdown table, a row per true law and noise size, with the tallies under it. */
export function formatConfusion(c: Confusion): string {
  const head = `| true law | noise | ${VERDICTS.join(" | ")} |`;
  const rule = `|${" --- |".repeat(VERDICTS.length + 2)}`;
  const rows = TRUTHS.flatMap((t) =>
    CONFUSION_NOISES.map(([noise]) => {
      const row = c.byNoise.get(`${t} ${noise}`);
      const cells = VERDICTS.map((v) => row?.[v] ?? 0).join(" | ");
      return `| ${t} | ${noise === 0 ? "exact float32" : `${100 * noise}%`} | ${cells} |`;
    })
  );
  return [
    head,
    rule,
    ...rows,
    "",
    `${c.curves} curves; decisive and wrong: ${c.wrong.length}; ` +
    `single-law curves resolving >= 2 decades above their noise called right: ` +
    `${c.resolvedRight} of ${c.resolved}`,
  ].join("\n");
}

if (import.meta.main) console.log(formatConfusion(decayConfusion()));
