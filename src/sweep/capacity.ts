/**
 * How a shard uses the machine: how many cells run side by side (`--jobs`, lowered when their
 * estimated peak memory would not fit together) and how many BLAS threads each worker gets (the
 * cores shared among the workers that actually run at once). A cell that cannot fit alone is
 * refused before any run.
 */
import { UsageError } from "../util/usage_error.ts";
import { formatBytes } from "../util/bytes.ts";
import type { AvailableMemory } from "../util/available_memory.ts";

/** A cell to run with its estimated peak memory in bytes and what would make it smaller. */
export interface SizedCell {
  id: string;
  /** How the cell is named on the terminal, e.g. `width=100000 seed=0`. */
  label: string;
  bytes: number;
  /** The keys whose lowering shrinks the estimate most, e.g. `width, trainSize`. */
  shrink: string;
}

/** What the shard runs with. */
export interface Capacity {
  jobs: number;
  /** BLAS threads of each worker: cores / min(jobs, cells to run), at least one. */
  blasThreads: number;
  /** Set when `jobs` is below what was asked because the cells would not fit side by side. */
  lowered: { from: number; need: number; available: number } | null;
}

/**
 * BLAS threads of each worker: the cores shared among the workers that run at once, which is
 * `jobs` or, for a shard with fewer cells to run, the number of cells; at least one.
 *
 * @example blasThreadsPerWorker(2, 2, 1) // 2: one cell uses both cores
 */
export function blasThreadsPerWorker(cores: number, jobs: number, cells: number): number {
  const side = Math.max(1, Math.min(jobs, cells));
  return Math.max(1, Math.floor(cores / side));
}

/** Sum of the `p` largest values. */
function largestSum(values: readonly number[], p: number): number {
  return [...values].sort((a, b) => b - a).slice(0, p).reduce((s, v) => s + v, 0);
}

/**
 * Refuses the largest cell when it cannot fit the `available` bytes alone: one line with the
 * estimate, the memory available and what to change.
 */
export function checkCellsFit(
  cells: readonly SizedCell[],
  available: AvailableMemory | null,
): void {
  if (available === null || cells.length === 0) return;
  const largest = cells.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  if (largest.bytes <= available.bytes) return;
  throw new UsageError(
    `Cannot run cell ${largest.id.slice(0, 8)} (${largest.label}): its estimated peak memory ` +
      `${formatBytes(largest.bytes)} exceeds the ${formatBytes(available.bytes)} available here ` +
      `(${available.source}); lower ${largest.shrink}`,
  );
}

/**
 * The shard's capacity: `jobs` lowered to the largest count whose largest cells fit side by side
 * in `available` bytes (null: unknown, nothing lowered), then the BLAS threads for that count.
 * Call `checkCellsFit` first: one job always runs.
 */
export function planCapacity(
  cells: readonly SizedCell[],
  opts: { jobs: number; cores: number; available: number | null },
): Capacity {
  const wanted = Math.max(1, Math.min(opts.jobs, cells.length));
  const bytes = cells.map((c) => c.bytes);
  let jobs = wanted;
  if (opts.available !== null) {
    while (jobs > 1 && largestSum(bytes, jobs) > opts.available) jobs--;
  }
  const lowered = jobs < wanted && opts.available !== null
    ? { from: wanted, need: largestSum(bytes, wanted), available: opts.available }
    : null;
  const parallel = lowered === null ? opts.jobs : jobs;
  return {
    jobs: parallel,
    blasThreads: blasThreadsPerWorker(opts.cores, parallel, cells.length),
    lowered,
  };
}

/** The sweep line's words for a capacity, e.g. `jobs 1 (lowered from 2: ...), BLAS threads 2 each`. */
export function describeCapacity(c: Capacity, blas: boolean): string {
  const lowered = c.lowered === null ? "" : ` (lowered from ${c.lowered.from}: ${c.lowered.from} ` +
    `cells side by side need an estimated ${formatBytes(c.lowered.need)}, ` +
    `${formatBytes(c.lowered.available)} available)`;
  return `jobs ${c.jobs}${lowered}` + (blas ? `, BLAS threads ${c.blasThreads} each` : "");
}
