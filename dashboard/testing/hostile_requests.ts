/**
 * A seeded generator of write requests for the dashboard's fuzz test: valid reports (alone or in
 * batches), nights and heartbeats drawn from a few sweeps, and mutations of any one of their
 * fields: wrong types, NaN and infinities, huge and negative numbers, deep nesting, NUL, lone
 * surrogates, formula-like text, missing fields and extra ones. The body is JSON text, so values
 * JSON.stringify cannot write (NaN, 1e999, 3,000 nested arrays) are spliced in as text.
 */
import { createHash } from "node:crypto";
import type { Report } from "../../src/report/schema.ts";
import type { NightReport } from "../../src/nightly/night_report.ts";
import { mulberry32 } from "../../src/util/random.ts";
import { makeReport } from "../../src/testing/report_factory.ts";
import { cellId } from "../../src/sweep/plan.ts";
import type { RunConfig } from "../../src/config/run_config.ts";

/** A seeded source of choices. */
export class Dice {
  readonly #uniform: () => number;
  constructor(seed: number) {
    this.#uniform = mulberry32(seed).uniform;
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.#uniform();
  }
  /** A whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.#uniform() * n);
  }
  /** One of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.#uniform() < p;
  }
}

/** The sweeps the generated reports belong to: their grids mix numbers, text and booleans. */
const SWEEPS = [
  { id: "fuzz-width-lr", suite: "mlp-mnist", grid: { width: [8, 16, 32], lr: [0.1, 0.05] } },
  {
    id: "fuzz-act",
    suite: "init-compare",
    grid: { act: ["relu", "tanh", "=SUM(A1)"], deep: [true, false] },
  },
  { id: 'fuzz <b>&"quoted"</b> ünïcode ✓', suite: "toy", grid: { width: [4, 8] } },
  { id: "fuzz-seed-only", suite: "toy", grid: {} },
] as const;

const TEXTS = ["plain", "<script>alert(1)</script>", '=HYPERLINK("x")', "-1", "ünïcode ✓ 😀"];

function decay(dice: Dice, first: number, last: number) {
  const fit = <P>(params: P) => ({
    params,
    rss: dice.next(),
    rms: dice.next(),
    misfit: dice.next(),
    decades: dice.chance(0.8) ? 3 * dice.next() : null,
  });
  const model = dice.pick(["geometric", "power", "linear", "undetermined"] as const);
  return {
    model,
    best: model === "undetermined" ? "power" : model,
    runnerUp: model === "linear" ? "geometric" : "linear",
    separation: 10 * dice.next(),
    evidence: 100 * dice.next(),
    noise: 1e-3 * dice.next(),
    reason: model === "undetermined" ? "no clear winner" : null,
    rho: model === "geometric" ? 0.5 + 0.4 * dice.next() : null,
    lInf: model === "linear" ? null : 1e-3 * dice.next(),
    gapDecades: dice.chance(0.8) ? 3 * dice.next() : null,
    change: dice.chance(0.2)
      ? { epoch: first, before: "power", after: "geometric", misfit: 0 }
      : null,
    window: [first, last],
    points: last - first + 1,
    fits: {
      geometric: fit({ lInf: 0, c: 1, rho: 0.9 }),
      power: fit({ lInf: 0, c: 1, t0: 2, p: 1.5 }),
      linear: fit({ a: 1, b: 0.1 }),
    },
  };
}

/** A valid report of one of the fuzz sweeps (some diverged or failed, some with NTK probes). */
export function validReport(dice: Dice): Report {
  const sweep = dice.pick(SWEEPS);
  const axes: Record<string, number | string | boolean> = {};
  for (const [axis, values] of Object.entries(sweep.grid)) axes[axis] = dice.pick(values);
  const seed = dice.int(4);
  const epochs = 1 + dice.int(6);
  const status = dice.pick(["complete", "complete", "complete", "diverged", "failed"] as const);
  const loss = Array.from({ length: epochs + 1 }, (_, t) => 0.9 ** t * (1 + dice.next()));
  const config = { suite: sweep.suite, seed, epochs, lr: 0.05, width: 8, ...axes } as RunConfig;
  const grid = { ...sweep.grid, seed: [0, 1, 2, 3] } as Record<
    string,
    (string | number | boolean)[]
  >;
  const r = makeReport({
    suite: sweep.suite,
    sweepId: sweep.id,
    grid,
    cells: Object.values(grid).reduce((n, v) => n * v.length, 1),
    config,
    status,
    loss,
    params: 1 + dice.int(100000),
  });
  r.id = cellId(config);
  if (status === "diverged") r.divergedAt = dice.int(epochs + 1);
  if (dice.chance(0.3)) {
    const probes = [0, epochs];
    r.series.ntk = {
      epoch: probes,
      lambdaMin: probes.map(() => dice.chance(0.9) ? dice.next() : null) as number[],
      lambdaMax: probes.map(() => 1 + dice.next()),
      kernelShift: probes.map(() => dice.next()),
      drift: probes.map(() => dice.next()),
      k: 16,
      noiseFloor: probes.map(() => 1e-6),
      belowNoiseFloor: probes.map(() => dice.chance(0.1)),
    };
  }
  if (dice.chance(0.2)) r.series.accuracy = loss.map(() => dice.next());
  if (status === "complete") {
    Object.assign(r.summary, {
      lStar: loss.at(-1)!,
      window: [0, epochs],
      windowSource: "auto",
      plMin: dice.chance(0.9) ? dice.next() : null,
      finalDrift: 10 * dice.next(),
      contraction: dice.next(),
      weylVacuous: dice.chance(0.5),
      decay: dice.chance(0.5) ? decay(dice, 0, epochs) : null,
      suiteValue: dice.chance(0.5) ? -dice.next() : true,
    });
  }
  r.notes = dice.chance(0.3) ? [dice.pick(TEXTS)] : [];
  return r;
}

/** The grid point key a night uses: the canonical JSON of a config without the seed. */
function pointKey(config: Record<string, unknown>): string {
  const keys = Object.keys(config).filter((k) => k !== "seed").sort();
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, config[k]])));
}

/** A valid night whose verdicts point at the given runs (stored or not). */
export function validNight(dice: Dice, runs: Report[]): NightReport {
  const kinds = ["pass", "regressed", "improved", "new"] as const;
  const verdicts = Array.from({ length: 1 + dice.int(4) }, () => {
    const run = runs.length > 0 && dice.chance(0.8) ? dice.pick(runs) : validReport(dice);
    const verdict = dice.pick(kinds);
    return {
      point: pointKey(run.config),
      suite: run.suite,
      metric: dice.pick(["lStar", "plMin", "finalDrift", "speedRatio", "(point)"]),
      verdict,
      direction: dice.pick(["higher-is-worse", "lower-is-worse", "neutral"] as const),
      observed: dice.chance(0.9) ? dice.next() : null,
      baseline: dice.chance(0.9) ? dice.next() : null,
      tolerance: dice.chance(0.9) ? 0.01 : null,
      seeds: [run.config.seed],
      runs: { [String(run.config.seed)]: run.id },
      note: dice.chance(0.3) ? dice.pick(TEXTS) : null,
    };
  });
  const counts = { pass: 0, regressed: 0, improved: 0, new: 0 };
  for (const v of verdicts) counts[v.verdict]++;
  const day = 1 + dice.int(28);
  const startedAt = `2026-02-${String(day).padStart(2, "0")}T03:00:00.000Z`;
  return {
    schema: 1,
    kind: "plbench-nightly",
    id: `${startedAt}-h-${dice.int(3)}of3`,
    set: "nightly",
    startedAt,
    finishedAt: startedAt.replace("03:00", "03:04"),
    seconds: 240 * dice.next(),
    shard: { index: dice.int(3), count: 3 },
    hostname: dice.pick(["node1", "<i>host</i>"]),
    backend: "wasm",
    calibration: { name: "matmul", seconds: 0.05 },
    baseline: {
      path: "fixtures/baselines/nightly.json",
      createdAt: "2026-01-01T00:00:00Z",
      calibration: { name: "matmul", seconds: 0.05 },
    },
    counts,
    regressed: counts.regressed > 0,
    verdicts,
    notes: dice.chance(0.3) ? [dice.pick(TEXTS)] : [],
  };
}

/** A valid heartbeat of a cell of a fuzz sweep (or of a sweep not stored yet). */
export function validHeartbeat(dice: Dice): Record<string, unknown> {
  const sweep = dice.chance(0.7) ? dice.pick(SWEEPS).id : `pending-${dice.int(3)}`;
  return {
    runId: createHash("sha256").update(String(dice.int(50))).digest("hex").slice(0, 20),
    sweepId: sweep,
    epoch: dice.int(10),
    epochs: 10,
    loss: dice.chance(0.9) ? dice.next() : null,
    ...(dice.chance(0.5) ? { suite: "toy", cells: 8 } : {}),
  };
}

/** Markers that `jsonText` replaces by JSON text JSON.stringify cannot produce. */
const SPLICED: Record<string, string> = {
  "\u0001NaN": "NaN",
  "\u0001Inf": "1e999",
  "\u0001-Inf": "-1e999",
  "\u0001Deep": "[".repeat(3000) + "]".repeat(3000),
  "\u0001DeepObject": '{"a":'.repeat(3000) + "1" + "}".repeat(3000),
};

/** JSON text of `value`, with the markers of SPLICED replaced by their text. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(
    /"\\u0001(NaN|Inf|-Inf|Deep|DeepObject)"/g,
    (_, name) => SPLICED[`\u0001${name}`]!,
  );
}

/** Values that replace a field or fill an extra one. */
function hostileValue(dice: Dice, old: unknown): unknown {
  const choices: (() => unknown)[] = [
    () => "\u0001NaN",
    () => "\u0001Inf",
    () => "\u0001-Inf",
    () => "\u0001Deep",
    () => "\u0001DeepObject",
    () => -1,
    () => -0.5,
    () => 0,
    () => 1e308,
    () => -1e308,
    () => 2 ** 53 + 2,
    () => 1e-320,
    () => 3.5,
    () => null,
    () => true,
    () => "",
    () => "8",
    () => "=1+1",
    () => "@SUM(A1)",
    () => "sw\u0000x",
    () => "a\ud800b",
    () => "\udfff",
    () => "x".repeat(70_000),
    () => "2026-13-45T99:99:99Z",
    () => ({}),
    () => [],
    () => [1, "a", null],
    () => [[1]],
    () => ({ a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } }),
    () => Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i])),
    () => typeof old === "number" ? String(old) : typeof old === "string" ? old.length : old,
    () => Array.isArray(old) ? { ...old } : [old],
  ];
  return dice.pick(choices)();
}

const EXTRA_KEYS = ["extra", "__proto__", "constructor", "toString", "a\u0000b", "\ud800", "=cmd"];

/** Every path to a field of `value` (arrays: their first two elements), the root as []. */
export function fieldPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const out = [path];
  if (Array.isArray(value)) {
    value.slice(0, 2).forEach((v, i) => out.push(...fieldPaths(v, [...path, i])));
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) out.push(...fieldPaths(v, [...path, k]));
  }
  return out;
}

/** A copy of `value` with the field at `path` replaced, deleted or given an extra sibling. */
export function mutate(dice: Dice, value: unknown, path: (string | number)[]): unknown {
  const copy = structuredClone(value);
  const op = dice.int(10);
  if (path.length === 0) return op < 5 ? hostileValue(dice, copy) : copy;
  const parent = path.slice(0, -1).reduce<unknown>(
    (o, k) => (o as Record<string | number, unknown>)[k],
    copy,
  ) as Record<string | number, unknown>;
  const key = path.at(-1)!;
  if (op < 2) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (op < 3 && !Array.isArray(parent)) {
    Object.defineProperty(parent, dice.pick(EXTRA_KEYS), {
      value: hostileValue(dice, undefined),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  } else {
    parent[key] = hostileValue(dice, parent[key]);
  }
  return copy;
}
