/**
 * How plbench's processes stop when asked to (a Slurm preemption or time limit, a Kubernetes
 * eviction, Ctrl-C): the first SIGTERM or SIGINT asks for a stop, which a process that can save
 * its work (a worker whose trainer checkpoints, a sweep waiting for its workers) does at the next
 * safe point, and any other exits at once; a second SIGINT (Ctrl-C again) exits at once. More
 * SIGTERMs change nothing: a scheduler that sends one to every process of a job, beside the sweep
 * forwarding its own, asks once. The exit code says which signal: 143 for SIGTERM, 130 for SIGINT,
 * as a shell reports a process ended by it.
 */

/** The signals that ask for a stop. */
export type StopSignal = "SIGTERM" | "SIGINT";

/** The exit code of a process stopped by `signal`: 128 + its number. */
export function stopExitCode(signal: StopSignal): number {
  return signal === "SIGTERM" ? 143 : 130;
}

/** What a stop listener does on each signal (a pure rule, tested without signals). */
export type StopAction = "stop" | "exit" | "ignore";

/**
 * The rule: the first stop signal stops (or exits, for a process that cannot save); a second
 * SIGINT exits; anything else is ignored.
 */
export function stopAction(
  signal: StopSignal,
  seen: { first: StopSignal | null; sigints: number },
  canSave: boolean,
): StopAction {
  if (seen.first === null) return canSave ? "stop" : "exit";
  return signal === "SIGINT" && seen.sigints >= 1 ? "exit" : "ignore";
}

/** Listens for SIGTERM and SIGINT while installed and applies the rule. */
export class StopListener {
  #first: StopSignal | null = null;
  #sigints = 0;
  #canSave: boolean;
  readonly #onStop: (signal: StopSignal) => void;
  readonly #exit: (code: number) => void;
  readonly #handlers = new Map<StopSignal, () => void>();

  /**
   * `onStop` runs on the first signal of a process that can save; `exit` ends the process
   * (default `Deno.exit`). `canSave` can be switched on later (`cooperate()`).
   */
  constructor(opts: {
    canSave: boolean;
    onStop?: (signal: StopSignal) => void;
    exit?: (code: number) => void;
  }) {
    this.#canSave = opts.canSave;
    this.#onStop = opts.onStop ?? (() => {});
    this.#exit = opts.exit ?? ((code) => Deno.exit(code));
  }

  /** The first stop signal received, or null. */
  get requested(): StopSignal | null {
    return this.#first;
  }

  /** From now on a stop waits for the next safe point. */
  cooperate(): void {
    this.#canSave = true;
  }

  /** Applies the rule to one signal (what the listeners call). */
  receive(signal: StopSignal): void {
    const action = stopAction(
      signal,
      { first: this.#first, sigints: this.#sigints },
      this.#canSave,
    );
    if (signal === "SIGINT") this.#sigints++;
    if (this.#first === null) this.#first = signal;
    if (action === "exit") this.#exit(stopExitCode(signal));
    else if (action === "stop") this.#onStop(signal);
  }

  /** Starts listening (Windows has no SIGTERM: there only SIGINT is heard). */
  install(): this {
    const signals: StopSignal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGTERM", "SIGINT"];
    for (const signal of signals) {
      const handler = () => this.receive(signal);
      this.#handlers.set(signal, handler);
      Deno.addSignalListener(signal, handler);
    }
    return this;
  }

  /** Stops listening. */
  uninstall(): void {
    for (const [signal, handler] of this.#handlers) Deno.removeSignalListener(signal, handler);
    this.#handlers.clear();
  }
}
