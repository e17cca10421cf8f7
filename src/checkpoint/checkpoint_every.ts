/**
 * When a running cell writes a checkpoint (`--checkpoint-every`): every so much wall time (`90s`,
 * `5m`, `1h`; default 60 s) and, once a run has gone on longer than that, also right after every
 * NTK probe epoch (a probe is the costliest thing to redo), as long as checkpoints take at most
 * 5% of the wall time (a probe epoch comes at least 20 times the last checkpoint's writing time
 * after it: at w = 128, probes every 10 epochs of 30 ms, a 20-40 ms checkpoint at every probe
 * would cost a tenth of the run); or every N epochs (`25e`); or `off` (none, though a stop still
 * writes one).
 */

/** A checkpoint rule. */
export type CheckpointEvery =
  | { kind: "seconds"; seconds: number }
  | { kind: "epochs"; epochs: number }
  | { kind: "off" };

/** The default: about every minute of wall time, and at every probe epoch of longer runs. */
export const DEFAULT_CHECKPOINT_EVERY: CheckpointEvery = { kind: "seconds", seconds: 60 };

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * Parses a `--checkpoint-every` value; throws RangeError naming it otherwise.
 *
 * @example parseCheckpointEvery("5m") // { kind: "seconds", seconds: 300 }
 */
export function parseCheckpointEvery(text: string): CheckpointEvery {
  const value = text.trim();
  if (value === "off") return { kind: "off" };
  const time = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(value);
  if (time !== null && Number(time[1]) > 0) {
    return { kind: "seconds", seconds: Number(time[1]) * UNIT_SECONDS[time[2]!]! };
  }
  const epochs = /^(\d+)e$/.exec(value);
  if (epochs !== null && Number(epochs[1]) > 0) {
    return { kind: "epochs", epochs: Number(epochs[1]) };
  }
  throw new RangeError(
    `Invalid --checkpoint-every '${text}': expected wall time (e.g. 90s, 5m, 1h), epochs (e.g. ` +
      "25e) or off",
  );
}

/** The rule in words, as `--checkpoint-every` takes it. */
export function formatCheckpointEvery(every: CheckpointEvery): string {
  if (every.kind === "off") return "off";
  return every.kind === "epochs" ? `${every.epochs}e` : `${every.seconds}s`;
}

/**
 * Decides after each epoch whether to checkpoint, by `every` and the wall clock (milliseconds,
 * from `now`); `saved` restarts the interval.
 */
export class CheckpointClock {
  readonly #every: CheckpointEvery;
  readonly #now: () => number;
  readonly #started: number;
  #last: number;
  #writing = 0;

  constructor(every: CheckpointEvery, now: () => number = () => performance.now()) {
    this.#every = every;
    this.#now = now;
    this.#started = now();
    this.#last = this.#started;
  }

  /** Whether to checkpoint after `epoch` has run (`probed`: an NTK probe ran at it). */
  due(epoch: number, probed: boolean): boolean {
    const every = this.#every;
    if (every.kind === "off") return false;
    if (every.kind === "epochs") return (epoch + 1) % every.epochs === 0;
    const now = this.#now();
    const ms = every.seconds * 1000;
    const since = now - this.#last;
    return since >= ms || (probed && now - this.#started >= ms && since >= 20 * this.#writing);
  }

  /** A checkpoint was written now; it took `writingMs` milliseconds. */
  saved(writingMs = 0): void {
    this.#last = this.#now();
    this.#writing = writingMs;
  }
}
