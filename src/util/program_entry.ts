/**
 * How plbench starts itself again in a subprocess (a worker process per cell, a scheduled night):
 * the entry module (main.ts, the composition root; a test's own entry in tests) and the deno.json
 * it runs with.
 */

/** An entry module and its configuration file, both as file paths. */
export interface ProgramEntry {
  module: string;
  config: string;
}

/**
 * The command line (program first) that runs `entry` with `args` on this Deno, with `flags` given
 * to `deno run` (e.g. V8 memory limits).
 *
 * @example denoRunCommand({ module: "/p/main.ts", config: "/p/deno.json" }, ["nightly"])
 * // [Deno.execPath(), "run", "-A", "--config", "/p/deno.json", "/p/main.ts", "nightly"]
 */
export function denoRunCommand(
  entry: ProgramEntry,
  args: readonly string[],
  flags: readonly string[] = [],
): string[] {
  return [Deno.execPath(), "run", "-A", "--config", entry.config, ...flags, entry.module, ...args];
}
