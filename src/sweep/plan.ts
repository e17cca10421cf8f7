/**
 * The plan of a sweep, built in one place: the ordered cells of a grid (the product of its axes,
 * first axis slowest, then the suite's extra cells, a repeated cell dropped), each cell's id (the
 * hash of its canonical config) and the sweep's id (the hash of the suite, the fixed part of the
 * config, the axes and the extra cells). `deno task sweep` plans from its flags (grid.ts); the
 * claims and the dashboard rebuild a stored sweep's plan from one of its reports
 * (`rebuildPlan`), with the same ids.
 */
import type { ConfigValue, RunConfig } from "../config/run_config.ts";
import { canonicalJson, hashId } from "../util/hash.ts";

/** One cell of a grid: its position in the ordered list, its id and its full config. */
export interface Cell {
  index: number;
  id: string;
  config: RunConfig;
}

/** An expanded grid: the sweep id, the axes that vary, the fixed part and the ordered cells. */
export interface Plan {
  suite: string;
  sweepId: string;
  /** Axes in expansion order (the first axis varies slowest). */
  axes: Record<string, ConfigValue[]>;
  /** The config every cell starts from (defaults with `--set` applied). */
  base: RunConfig;
  cells: Cell[];
}

/** Id of a cell: hash of its canonical config (suite, every hyper-parameter, seed). */
export function cellId(config: RunConfig): string {
  return hashId(config);
}

/** The canonical text of a cell's config (what its id hashes). */
export function canonicalConfig(config: RunConfig): string {
  return canonicalJson(config);
}

/** Cartesian product of the axes, first axis varying slowest. */
export function product(axes: Record<string, ConfigValue[]>): Record<string, ConfigValue>[] {
  let points: Record<string, ConfigValue>[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return points;
}

/**
 * Id of a sweep: the hash of its suite, the config's fixed part (`base` without the axes), its axes
 * and, when there are any, its extra cells (so sweeps without extra cells keep the ids they had).
 */
export function sweepIdOf(
  suite: string,
  base: RunConfig,
  axes: Record<string, ConfigValue[]>,
  extraCells: readonly Partial<RunConfig>[],
): string {
  const fixed: Record<string, ConfigValue> = { ...base };
  for (const key of Object.keys(axes)) delete fixed[key];
  return extraCells.length === 0
    ? hashId({ suite, fixed, axes })
    : hashId({ suite, fixed, axes, extraCells });
}

/**
 * The plan of `suite` from the config every cell starts from, the axes and the extra cells (each on
 * top of `base`): cells in order, one equal to an earlier cell dropped. `check` sees every cell's
 * config before its id is taken and may throw to refuse it.
 *
 * @example
 * buildPlan("toy", base, { lr: [0.1, 0.2], seed: [0, 1] }, []).cells.length // 4
 */
export function buildPlan(
  suite: string,
  base: RunConfig,
  axes: Record<string, ConfigValue[]>,
  extraCells: readonly Partial<RunConfig>[],
  check: (config: RunConfig) => void = () => {},
): Plan {
  const configs = product(axes).map((point): RunConfig => ({ ...base, ...point }));
  const extras = extraCells.map((extra) => ({ ...base, ...extra }) as RunConfig);
  const cells: Cell[] = [];
  const seen = new Set<string>();
  for (const config of [...configs, ...extras]) {
    check(config);
    const id = cellId(config);
    if (seen.has(id)) continue;
    seen.add(id);
    cells.push({ index: cells.length, id, config });
  }
  return { suite, sweepId: sweepIdOf(suite, base, axes, extraCells), axes, base, cells };
}

/** What rebuilding a stored sweep's plan needs of its suite. */
export interface PlanSource {
  name: string;
  defaults: RunConfig;
  cells?: Partial<RunConfig>[];
}

/** What rebuilding needs of one report of the sweep. */
export interface PlannedReport {
  suite: string;
  config: RunConfig;
  sweep: { id: string; grid: Record<string, ConfigValue[]> };
}

/** A stored sweep's plan, and whether it is the whole plan the sweep ran. */
export interface RebuiltPlan {
  plan: Plan;
  /**
   * False when the suite's extra cells changed since the sweep (the rebuilt id differs): then the
   * plan holds the grid product only.
   */
  whole: boolean;
}

/**
 * The plan of the sweep `report` belongs to, rebuilt from its grid (`sweep.grid`), the fixed part
 * of its config and the suite's extra cells as the suite states them now; trusted whole only when
 * it hashes to the sweep's id.
 */
export function rebuildPlan(source: PlanSource, report: PlannedReport): RebuiltPlan {
  const axes = report.sweep.grid;
  const base: RunConfig = { ...report.config };
  for (const key of Object.keys(axes)) {
    const value = source.defaults[key];
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  const plan = buildPlan(report.suite, base, axes, source.cells ?? []);
  if (plan.sweepId === report.sweep.id) return { plan, whole: true };
  return {
    plan: { ...buildPlan(report.suite, base, axes, []), sweepId: report.sweep.id },
    whole: false,
  };
}
