/**
 * A suite from one declaration: its keys (specs with defaults, keys.ts) and functions that take
 * the typed config those keys give. The sweep checks every value of a cell against its key's spec
 * before any run, so the run function receives the config as its keys type it, without casts.
 *
 * @example
 * export const toySuite = defineSuite({ name: "toy", keys: KEYS, run: (config, ctx) => ..., ... });
 */
import type { RunConfig } from "../config/run_config.ts";
import type { RunContext, RunOutcome } from "../report/run_outcome.ts";
import type { ProbeDraw } from "../ntk/probe_subset.ts";
import type { CellMemory, Expectation, Suite } from "./suite.ts";
import { type ConfigOf, defaultsOf, type KeyDecl, specsOf } from "./keys.ts";

/** What a suite declares: as a Suite, with its keys declared once and typed functions. */
export interface SuiteDefinition<K extends Record<string, KeyDecl>> {
  name: string;
  /** One line for `--list`. */
  description: string;
  keys: K;
  /** Default grid axes (each a list of values); `--grid` replaces an axis. */
  grid: { [P in keyof ConfigOf<K>]?: ConfigOf<K>[P][] };
  /** Extra cells after the grid product (see Suite.cells). */
  cells?: Partial<ConfigOf<K>>[];
  expectations: Expectation[];
  dataNotice?(dataDir: string | null): string | null;
  checkData?(dataDir: string): Promise<void>;
  checkConfig?(config: ConfigOf<K>): void;
  probeSubset?(config: ConfigOf<K>, n: number): ProbeDraw | null;
  estimateMemory?(config: ConfigOf<K>, backend: string): CellMemory;
  run(config: ConfigOf<K>, ctx: RunContext): Promise<RunOutcome>;
}

/** A suite whose declaration is kept, so that another suite can build on it. */
export interface DefinedSuite<K extends Record<string, KeyDecl>> extends Suite {
  definition: SuiteDefinition<K>;
  /** A config of this suite: the defaults with `values` on top, typed by the keys. */
  config(values?: Partial<ConfigOf<K>>): ConfigOf<K>;
}

/** The config of a cell as its suite's keys type it (checked against them by the sweep). */
function typed<K>(config: RunConfig | Record<string, unknown>): ConfigOf<K> {
  return config as unknown as ConfigOf<K>;
}

/** The suite that `definition` declares. */
export function defineSuite<const K extends Record<string, KeyDecl>>(
  definition: SuiteDefinition<K>,
): DefinedSuite<K> {
  const { checkConfig, probeSubset, estimateMemory, run, keys, grid, cells, ...rest } = definition;
  return {
    ...rest,
    definition,
    defaults: defaultsOf(definition.name, keys),
    keys: specsOf(keys),
    grid: grid as Suite["grid"],
    ...(cells === undefined ? {} : { cells: cells as Partial<RunConfig>[] }),
    ...(checkConfig === undefined ? {} : { checkConfig: (c) => checkConfig(typed<K>(c)) }),
    ...(probeSubset === undefined ? {} : { probeSubset: (c, n) => probeSubset(typed<K>(c), n) }),
    ...(estimateMemory === undefined
      ? {}
      : { estimateMemory: (c, backend) => estimateMemory(typed<K>(c), backend) }),
    config: (values = {}) => typed<K>({ ...defaultsOf(definition.name, keys), ...values }),
    run: (config, ctx) => run(typed<K>(config), ctx),
  };
}
