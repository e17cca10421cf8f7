/**
 * Progress of a sweep on the terminal: a bar (runs done / total, epoch, loss, ETA) rewritten in
 * place on a TTY, plain lines otherwise (logs of cluster jobs).
 */
import type { SweepEvent } from "../sweep/run_sweep.ts";
import type { Cell } from "../sweep/plan.ts";
import { formatNumber } from "../util/number_format.ts";
import { terminalSafe } from "./terminal_text.ts";

/** Where progress goes. */
export interface ProgressSink {
  isTerminal: boolean;
  write(text: string): void;
}

/** The standard output as a progress sink. */
export function stdoutSink(): ProgressSink {
  const encoder = new TextEncoder();
  return {
    isTerminal: Deno.stdout.isTerminal(),
    write: (text) => void Deno.stdout.writeSync(encoder.encode(text)),
  };
}

/** Seconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) {
    return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, "0")}m`;
  }
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/** Describes a cell by its axis values, e.g. `width=8 lr=0.1 seed=0`. */
export function describeCell(cell: Cell, axes: readonly string[]): string {
  const keys = axes.length > 0 ? axes : ["width", "lr", "seed"];
  return keys.map((k) => `${k}=${cell.config[k]}`).join(" ");
}

/** Turns sweep events into progress output. */
export class Progress {
  #done = 0;
  #total = 0;
  #epochsTotal = 0;
  #epochsDone = 0;
  #started = performance.now();
  #last = new Map<string, { epoch: number; epochs: number; loss: number }>();
  /** The epoch each resumed or extended cell starts at. */
  #from = new Map<string, number>();
  #lastDraw = 0;

  constructor(
    readonly sink: ProgressSink,
    readonly cells: ReadonlyMap<string, Cell>,
    readonly axes: readonly string[],
    readonly quiet: boolean,
  ) {}

  /** Handles one event. */
  onEvent(event: SweepEvent): void {
    if (event.kind === "warning") {
      this.#clear();
      this.sink.write(`warning: ${terminalSafe(event.message)}\n`);
      return;
    }
    if (event.kind === "rerun") {
      const cell = this.cells.get(event.id);
      this.#clear();
      this.sink.write(
        `rerun ${event.id.slice(0, 8)} ${
          cell !== undefined ? describeCell(cell, this.axes) : ""
        }: ${terminalSafe(event.reason)}\n`,
      );
      return;
    }
    if (event.kind === "plan") {
      this.#total = event.toRun;
      this.#epochsTotal = event.epochs;
      this.#started = performance.now();
      if (!this.quiet) {
        const starts = [
          event.resuming > 0 ? `${event.resuming} resuming from a checkpoint` : "",
          event.extending > 0 ? `${event.extending} extending a finished shorter run` : "",
        ].filter((s) => s !== "");
        this.sink.write(
          `${event.total} cells in this shard: ${event.toRun} to run` +
            (starts.length > 0 ? ` (${starts.join(", ")})` : "") +
            `, ${event.skipped} already done or claimed\n`,
        );
      }
      return;
    }
    if (event.kind === "resume") this.#from.set(event.id, event.epoch);
    if (this.quiet) return;
    if (event.kind === "resume") {
      const cell = this.cells.get(event.id);
      const how = event.from === "checkpoint" ? "its checkpoint" : "a shorter run's final state";
      this.#clear();
      this.sink.write(
        `${event.id.slice(0, 8)} ${cell !== undefined ? describeCell(cell, this.axes) : ""}: ` +
          `starts at epoch ${event.epoch} from ${how}\n`,
      );
      return;
    }
    if (event.kind === "epoch") {
      const prev = this.#last.get(event.id)?.epoch ?? (this.#from.get(event.id) ?? 0) - 1;
      this.#epochsDone += Math.max(0, event.epoch - prev);
      this.#last.set(event.id, event);
      if (this.sink.isTerminal) this.#draw(event.id);
      return;
    }
    if (event.kind === "end") {
      this.#done++;
      const cell = this.cells.get(event.result.id);
      const last = this.#last.get(event.result.id);
      if (cell !== undefined) {
        const remaining = cell.config.epochs - (last?.epoch ?? -1);
        this.#epochsTotal -= Math.max(0, remaining);
      }
      this.#last.delete(event.result.id);
      const r = event.result;
      const what = r.kind === "ran"
        ? r.status + (r.report.error !== null ? ` (${terminalSafe(r.report.error)})` : "")
        : r.kind === "stopped"
        ? (r.epoch === null ? "stopped before training" : `stopped, checkpoint at epoch ${r.epoch}`)
        : `skipped (${r.reason === "claimed" ? "claimed by another process" : "already done"})`;
      const loss = last !== undefined ? ` loss ${formatNumber(last.loss)}` : "";
      this.#clear();
      this.sink.write(
        `[${this.#done}/${this.#total}] ${event.result.id.slice(0, 8)} ${
          cell !== undefined ? describeCell(cell, this.axes) : ""
        }: ${what}${loss}\n`,
      );
    }
  }

  #eta(): string {
    const elapsed = (performance.now() - this.#started) / 1000;
    if (this.#epochsDone === 0) return "?";
    const rate = this.#epochsDone / elapsed;
    return formatDuration((this.#epochsTotal - this.#epochsDone) / rate);
  }

  #draw(id: string): void {
    const now = performance.now();
    if (now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    const beat = this.#last.get(id);
    const width = 20;
    const filled = this.#total === 0 ? width : Math.round((this.#done / this.#total) * width);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    const run = beat !== undefined
      ? ` | ${id.slice(0, 8)} epoch ${beat.epoch}/${beat.epochs} loss ${formatNumber(beat.loss)}`
      : "";
    this.sink.write(
      `\r\x1b[2K[${bar}] ${this.#done}/${this.#total} runs${run} | ETA ${this.#eta()}`,
    );
  }

  #clear(): void {
    if (this.sink.isTerminal) this.sink.write("\r\x1b[2K");
  }
}
