/**
 * A sweep asked to stop (SIGTERM from Slurm or Kubernetes, Ctrl-C): it starts no new cell, its
 * running workers write a checkpoint at the end of their epoch and exit, and it exits with the
 * signal's code (143 for SIGTERM, 130 for SIGINT) after one line saying what was kept. A second
 * Ctrl-C exits at once.
 */
import type { CellOutcome } from "../sweep/run_sweep.ts";
import { StopListener, type StopSignal } from "../sweep/stop_signals.ts";

/** A sweep's stop: the signal its pool watches and the stop signal received, if any. */
export interface SweepStopper {
  signal: AbortSignal;
  requested(): StopSignal | null;
  close(): void;
}

/** Listens for SIGTERM and SIGINT while a shard runs; `say` prints the line a stop starts with. */
export function sweepStopper(say: (text: string) => void): SweepStopper {
  const controller = new AbortController();
  const listener = new StopListener({
    canSave: true,
    onStop: (signal) => {
      say(
        `${signal}: stopping; running cells write a checkpoint at the end of their epoch ` +
          "(Ctrl-C again to quit at once)\n",
      );
      controller.abort(signal);
    },
  }).install();
  return {
    signal: controller.signal,
    requested: () => listener.requested,
    close: () => listener.uninstall(),
  };
}

/** The line a stopped sweep ends with, e.g. `stopped by SIGTERM: 2 cells checkpointed (...)`. */
export function stoppedLine(outcomes: readonly CellOutcome[], signal: StopSignal): string {
  const stopped = outcomes.flatMap((o) => o.kind === "stopped" ? [o] : []);
  const saved = stopped.filter((o) => o.epoch !== null);
  const at = saved.map((o) => `${o.cell.id.slice(0, 8)} at epoch ${o.epoch}`).join(", ");
  return `stopped by ${signal}: ${saved.length} running cells checkpointed` +
    (saved.length > 0 ? ` (${at})` : "") +
    `, ${stopped.length - saved.length} not started or stopped before training; rerun the same ` +
    "command to resume\n";
}
