/**
 * Deterministic, ordered grid expansion from the command line: suite defaults + suite grid axes +
 * `--grid` axes + `--set` values, checked against the suite's key specs, give the plan (plan.ts):
 * the same list of cells, with the same ids, on every machine.
 */
import type { ConfigValue, RunConfig } from "../config/run_config.ts";
import type { GridSuite } from "./sweep_suite.ts";

import { buildPlan, type Plan } from "./plan.ts";
import { parseValue } from "./parse_value.ts";
import { UsageError } from "../util/usage_error.ts";
import { parseWindow } from "../analysis/stable_window.ts";

/** Splits `key=value` (at the first `=`), naming the flag on error. */
export function splitAssignment(flag: string, text: string): [string, string] {
  const at = text.indexOf("=");
  if (at <= 0) throw new UsageError(`Invalid ${flag} '${text}': expected key=value`);
  return [text.slice(0, at).trim(), text.slice(at + 1)];
}

function checkKey(suite: GridSuite, flag: string, key: string): void {
  if (key === "suite") throw new UsageError(`Invalid ${flag} key 'suite': use --suite NAME`);
  if (!Object.hasOwn(suite.keys, key)) {
    const known = Object.keys(suite.keys).join(", ");
    throw new UsageError(`Unknown key '${key}' for suite '${suite.name}' (known keys: ${known})`);
  }
}

function parseAxis(suite: GridSuite, key: string, texts: string[]): ConfigValue[] {
  const spec = suite.keys[key];
  if (spec === undefined) throw new UsageError(`Unknown key '${key}' for suite '${suite.name}'`);
  const values = texts.map((t) => parseValue(key, t, spec));
  return noDuplicates(key, values);
}

function noDuplicates(key: string, values: ConfigValue[]): ConfigValue[] {
  const seen = new Set<string>();
  for (const v of values) {
    const k = JSON.stringify(v);
    if (seen.has(k)) throw new UsageError(`Grid axis '${key}' lists the value ${k} twice`);
    seen.add(k);
  }
  return values;
}

/** A fixed analysis window must lie inside the run's epochs: refused before any training. */
function checkWindow(config: RunConfig): void {
  if (typeof config.window !== "string") return;
  try {
    parseWindow(config.window, config.epochs);
  } catch (e) {
    throw new UsageError(`${(e as Error).message} (epochs=${config.epochs})`);
  }
}

/** The suite's own check of a cell's config, its refusal as a UsageError. */
function checkSuiteConfig(suite: GridSuite, config: RunConfig): void {
  try {
    suite.checkConfig?.(config);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message);
  }
}

/**
 * Expands the grid of `suite` with `--set key=value` and `--grid key=v1,v2` flags (raw text).
 * Axis order: the suite's axes (a `--grid` of the same key replaces its values), then new `--grid`
 * axes in command-line order; a `--set` key is fixed and removes its axis. The suite's extra
 * `cells` follow the product (each on top of the base config; one equal to a grid cell is
 * dropped). `dataDir`, when the data come from a folder instead of the default data, becomes the
 * config key `dataDir`, so the same hyper-parameters on other data get other ids. Throws
 * UsageError for an unknown key, a bad value, a key both set and gridded, an axis with no
 * values, a fixed `window` outside some cell's epochs, or a cell the suite's `checkConfig` refuses.
 */
export function expandGrid(
  suite: GridSuite,
  sets: string[],
  grids: string[],
  dataDir: string | null = null,
): Plan {
  const base: RunConfig = { ...suite.defaults, suite: suite.name };
  if (dataDir !== null) base.dataDir = dataDir;
  const setKeys = new Set<string>();
  for (const text of sets) {
    const [key, value] = splitAssignment("--set", text);
    checkKey(suite, "--set", key);
    if (setKeys.has(key)) throw new UsageError(`--set ${key} is given twice`);
    setKeys.add(key);
    const spec = suite.keys[key];
    if (spec !== undefined) base[key] = parseValue(key, value, spec);
  }
  const axes: Record<string, ConfigValue[]> = {};
  for (const [key, values] of Object.entries(suite.grid)) {
    if (values !== undefined && !setKeys.has(key)) axes[key] = noDuplicates(key, [...values]);
  }
  const gridKeys = new Set<string>();
  for (const text of grids) {
    const [key, list] = splitAssignment("--grid", text);
    checkKey(suite, "--grid", key);
    if (setKeys.has(key)) {
      throw new UsageError(`Key '${key}' is given both by --set and --grid; use one of them`);
    }
    if (gridKeys.has(key)) throw new UsageError(`--grid ${key} is given twice`);
    gridKeys.add(key);
    const texts = list.split(",").map((t) => t.trim()).filter((t) => t !== "");
    if (texts.length === 0) {
      throw new UsageError(`Grid with no cells: --grid ${key} lists no values (got '${text}')`);
    }
    axes[key] = parseAxis(suite, key, texts);
  }
  for (const [key, values] of Object.entries(axes)) {
    if (values.length === 0) throw new UsageError(`Grid with no cells: axis '${key}' is empty`);
  }
  return buildPlan(suite.name, base, axes, suite.cells ?? [], (config) => {
    checkWindow(config);
    checkSuiteConfig(suite, config);
  });
}
