/**
 * The `nightly` suite set: small slices of the suites, over two seeds, that together run in a few
 * minutes on a 2-core CPU. Each entry is a suite with fixed values (`set`) and grid axes (`grid`)
 * that the sweep machinery's `expandGrid` expands exactly like `deno task sweep --set --grid`.
 *
 * A grid point is identified by the entry's name and its axis values (not by the whole config), so
 * a run with a changed `--set` value is compared to the same baseline point and the change shows up
 * as a regression of the metrics it moves. Changing an entry here needs a new baseline.
 */
import type { ConfigValue } from "../config/run_config.ts";
import type { Suite } from "../suite/suite.ts";
import { expandGrid } from "../sweep/grid.ts";
import type { Plan } from "../sweep/plan.ts";
import { UsageError } from "../util/usage_error.ts";
import { pointKey } from "../sweep/grid_point.ts";

/** One slice of a suite in the nightly set. */
export interface NightlyEntry {
  /** Unique within the set; part of every grid point's key. */
  name: string;
  suite: string;
  /** Fixed values, as `--set key=value`. */
  set: Record<string, ConfigValue>;
  /** Grid axes, as `--grid key=v1,v2`; `seed` is always an axis. */
  grid: Record<string, ConfigValue[]>;
  /** Closed-form toy: deterministic, compared with tight absolute tolerances. */
  exact: boolean;
}

/** Seeds of every entry. */
export const NIGHTLY_SEEDS: readonly number[] = [0, 1];

const seeds = [...NIGHTLY_SEEDS];

/** The nightly set. */
export const NIGHTLY_SET: readonly NightlyEntry[] = [
  { name: "lemniscate", suite: "lemniscate", set: {}, grid: { seed: seeds }, exact: true },
  {
    name: "semilocal",
    suite: "semilocal",
    set: {},
    grid: { a0: [1, 3], seed: seeds },
    exact: true,
  },
  { name: "logistic", suite: "logistic", set: {}, grid: { seed: seeds }, exact: true },
  {
    name: "mlp-mnist-small",
    suite: "mlp-mnist",
    set: {
      width: 32,
      epochs: 200,
      lr: 0.005,
      trainSize: 400,
      ntkK: 32,
      probeEvery: 20,
      fullNtk: false,
    },
    grid: { seed: seeds },
    exact: false,
  },
  {
    name: "width-ablation-slice",
    suite: "width-ablation",
    set: { epochs: 80, trainSize: 1000, ntkK: 64, probeEvery: 20 },
    grid: { width: [128, 256], seed: seeds },
    exact: false,
  },
  {
    name: "cnn-cifar5-tiny",
    suite: "cnn-cifar5",
    set: { width: 4, epochs: 4, trainSize: 500, ntkK: 8 },
    grid: { seed: seeds },
    exact: false,
  },
];

/** An entry expanded into cells. */
export interface NightlyPlan {
  entry: NightlyEntry;
  plan: Plan;
}

function text(value: ConfigValue): string {
  return String(value);
}

/**
 * Expands the entries with the suites of `suites`; `extraSets` (`key=value`, from `--set`) apply to
 * every entry whose suite accepts the key and override the entry's own value; `dataDir` is passed
 * to the grid expansion as `--data-dir` is. A suite's extra cells (beyond its grid) are left out:
 * an entry runs exactly its own grid. Throws UsageError for a suite that is not registered or a
 * `--set` key no entry accepts.
 */
export function expandNightly(
  entries: readonly NightlyEntry[],
  suites: readonly Suite[],
  extraSets: readonly string[] = [],
  dataDir: string | null = null,
): NightlyPlan[] {
  const used = new Set<string>();
  const plans = entries.map((entry) => {
    const suite = suites.find((s) => s.name === entry.suite);
    if (suite === undefined) {
      const known = suites.map((s) => s.name).join(", ") || "none";
      throw new UsageError(
        `Nightly entry '${entry.name}' needs suite '${entry.suite}', which is not registered ` +
          `(known suites: ${known})`,
      );
    }
    const sets = new Map(Object.entries(entry.set).map(([k, v]) => [k, `${k}=${text(v)}`]));
    for (const extra of extraSets) {
      const key = extra.slice(0, Math.max(0, extra.indexOf("="))).trim();
      if (Object.hasOwn(suite.keys, key)) {
        sets.set(key, extra);
        used.add(key);
      }
    }
    const grids = Object.entries(entry.grid).map(([k, vs]) => `${k}=${vs.map(text).join(",")}`);
    const onlyGrid = { ...suite, cells: [] }; // a suite's extra cells are not part of a slice
    return { entry, plan: expandGrid(onlyGrid, [...sets.values()], grids, dataDir) };
  });
  for (const extra of extraSets) {
    const key = extra.slice(0, Math.max(0, extra.indexOf("="))).trim();
    if (!used.has(key)) {
      throw new UsageError(
        `Invalid --set '${extra}': no suite of the nightly set has key '${key}'`,
      );
    }
  }
  return plans;
}

/** The grid point key of a cell of `plan`: the entry name and the values of its axes but seed. */
export function nightlyPointKey(np: NightlyPlan, config: Record<string, ConfigValue>): string {
  const point: Record<string, ConfigValue> = { entry: np.entry.name };
  for (const axis of Object.keys(np.plan.axes)) {
    const value = config[axis];
    if (axis !== "seed" && value !== undefined) point[axis] = value;
  }
  return pointKey(point);
}

/** Keeps the entries named in `only` (entry or suite names); UsageError for an unknown name. */
export function selectEntries(
  entries: readonly NightlyEntry[],
  only: readonly string[],
): NightlyEntry[] {
  if (only.length === 0) return [...entries];
  for (const name of only) {
    if (!entries.some((e) => e.name === name || e.suite === name)) {
      const known = entries.map((e) => e.name).join(", ");
      throw new UsageError(`Invalid --only '${name}': expected one of ${known}`);
    }
  }
  return entries.filter((e) => only.includes(e.name) || only.includes(e.suite));
}
