/**
 * Test helper: tiny mlp-mnist cells run through real worker processes (the pool), for the tests
 * of checkpoints, stops and extension.
 */
import { expandGrid } from "../grid.ts";
import { type CellResult, type PoolEvent, runPool } from "../pool.ts";
import type { WorkerSpec } from "../worker.ts";
import { mlpMnistSuite } from "../../../suites/mlp_mnist.ts";
import type { BackendChoice } from "../../backend/backend.ts";
import { parseCheckpointEvery } from "../../checkpoint/checkpoint_every.ts";
import { PROGRAM } from "../../../main.ts";

/** A width-32 MLP on 256 samples with subset probes every 5 epochs and the full-data NTK. */
export const TINY_SETS = ["width=32", "trainSize=256", "ntkK=16", "probeEvery=5"];

/** The spec of the tiny cell with `sets` on top, writing into `out`. */
export function tinySpec(
  out: string,
  opts: { sets: string[]; backend: BackendChoice; blasThreads: number; every: string },
): WorkerSpec {
  const plan = expandGrid(mlpMnistSuite, [...TINY_SETS, ...opts.sets], []);
  const cell = plan.cells[0]!;
  return {
    id: cell.id,
    config: cell.config,
    sweep: {
      id: plan.sweepId,
      suite: plan.suite,
      grid: plan.axes,
      cells: 1,
      shard: { index: 0, count: 1 },
    },
    out,
    backend: opts.backend,
    dataDir: null,
    force: false,
    blasThreads: opts.blasThreads,
    checkpointEvery: parseCheckpointEvery(opts.every),
  };
}

/**
 * Runs `spec` in a worker process; `onEpoch` sees each heartbeat with the worker's pid (from the
 * cell's lock), to act on it; `stop` is the pool's stop signal.
 */
export async function runTiny(
  spec: WorkerSpec,
  onEpoch?: (epoch: number, pid: number) => void,
  stop?: AbortSignal,
): Promise<CellResult> {
  const [result] = await runPool([spec], {
    jobs: 1,
    program: PROGRAM,
    stop,
    onEvent: (e: PoolEvent) => {
      if (e.kind !== "epoch" || onEpoch === undefined) return;
      const holder = JSON.parse(Deno.readTextFileSync(`${spec.out}/${spec.id}.lock`));
      onEpoch(e.epoch, holder.pid);
    },
  });
  if (result === undefined) throw new Error("the pool ran nothing");
  return result;
}

/** The program of the workers (main.ts with the real suites). */
export { PROGRAM };
