/**
 * A training state as named parts, so that a trainer, its probes and whatever joins them later
 * (a sharpness probe's warm-start vector, an optimizer's momentum) each save and restore their own
 * part under their own name. A state resumes at `epoch`: the weights are theta_epoch and every
 * record a part keeps is of an epoch before it (records at `epoch` or later are dropped on
 * restore, so a finished run's final state, whose records reach its last epoch E, resumes at E).
 */

/** The arrays a state holds, stored bit for bit. */
export type StateArray = Float32Array | Float64Array;

/** A JSON value (a part's plain fields). */
export type JsonValue = number | string | boolean | null | JsonValue[] | {
  [key: string]: JsonValue;
};

/** One named part of a state: plain fields and arrays. */
export interface StatePart {
  fields: { [key: string]: JsonValue };
  arrays: Record<string, StateArray>;
}

/** A training state: the next epoch to run and the parts, by name. */
export interface TrainState {
  epoch: number;
  parts: Record<string, StatePart>;
}

/** What keeps a part of a training state (a probe's records, a sharpness probe's vector). */
export interface StatefulPart {
  /** The part's name in a state, e.g. `ntk`. */
  readonly partName: string;
  /** Its part now, after the epochs run so far. */
  save(): StatePart;
  /**
   * Takes its part back for a run that resumes at `epoch`, dropping records of `epoch` and later;
   * throws naming what does not fit this run (e.g. a probe schedule that differs).
   */
  restore(part: StatePart, epoch: number): void;
}

/** Thrown by a trainer that stopped at an epoch boundary because a stop was asked for. */
export class StopRequested extends Error {
  /** The epoch the saved state resumes at. */
  readonly epoch: number;

  constructor(epoch: number) {
    super(`stopped before epoch ${epoch}: a stop was asked for and a checkpoint written`);
    this.name = "StopRequested";
    this.epoch = epoch;
  }
}

/** How a trainer checkpoints: when, where to, and whether to stop. */
export interface CheckpointHook {
  /** Whether to save after `epoch` has run (`probed`: a probe ran at it). */
  due(epoch: number, probed: boolean): boolean;
  /** Saves `state`; `final` for the state after the last epoch of a complete run. */
  save(state: TrainState, final: boolean): Promise<void>;
  /**
   * True once a stop was asked for: the trainer saves and throws StopRequested. Asked after every
   * epoch; it may yield to the event loop (where signals arrive: a training loop whose awaits all
   * resolve at once would otherwise never hear one).
   */
  stopRequested(): Promise<boolean>;
  /** Called as the trainer starts: from then on a stop waits for the next epoch boundary. */
  begin(): void;
}

/** The part `name` of `state`; throws naming it when absent. */
export function partOf(state: TrainState, name: string): StatePart {
  const part = state.parts[name];
  if (part === undefined) {
    const has = Object.keys(state.parts).join(", ") || "none";
    throw new Error(`Cannot resume: the saved state has no part '${name}' (it has ${has})`);
  }
  return part;
}

/** The entries of parallel lists (`epochs` first) for epochs before `epoch`. */
export function keepBefore<T extends Record<string, unknown[]>>(
  lists: T,
  epochs: readonly number[],
  epoch: number,
): T {
  const keep = epochs.findIndex((e) => e >= epoch);
  const count = keep < 0 ? epochs.length : keep;
  return Object.fromEntries(
    Object.entries(lists).map(([k, v]) => [k, v.slice(0, count)]),
  ) as T;
}
