/**
 * The latest heartbeat of each running cell, kept in memory by sweep, and the events its
 * subscribers hear: a cell's new heartbeat, cells gone (finished, stale or forgotten past a cap)
 * and reports stored. Every operation costs in proportion to what it changes or lists, never to
 * every running cell of every sweep.
 */
import type { Heartbeat, PendingSweep } from "./live.ts";

/** What subscribers hear. */
export type LiveEvent =
  | { type: "heartbeat"; beat: Heartbeat }
  | { type: "gone"; sweepId: string; runIds: string[] }
  | { type: "ingested"; sweepIds: string[]; runIds: string[] };

/** Heartbeats older than this are no longer shown as running. */
export const STALE_MS = 10 * 60 * 1000;

/** The most running cells the hub remembers; the longest silent one is forgotten past it. */
export const MAX_RUNNING = 10_000;

/** The most running cells of one sweep the hub remembers (and a sweep page lists). */
export const MAX_RUNNING_PER_SWEEP = 1_000;

/** The most sweeps without reports the sweeps list shows. */
export const MAX_PENDING = 100;

const byRunId = (a: Heartbeat, b: Heartbeat) => a.runId.localeCompare(b.runId);

/** In-memory latest heartbeats and the subscribers to live events. */
export class HeartbeatHub {
  /** Every remembered beat by run id, the longest silent first. */
  readonly #all = new Map<string, Heartbeat>();
  /** The same beats by sweep, each sweep's longest silent first. */
  readonly #bySweep = new Map<string, Map<string, Heartbeat>>();
  readonly #listeners = new Set<(event: LiveEvent) => void>();

  /**
   * Records a heartbeat and tells subscribers; past MAX_RUNNING_PER_SWEEP cells of its sweep or
   * MAX_RUNNING in all, the longest silent cell is forgotten (and told as gone).
   */
  post(beat: Heartbeat): void {
    const old = this.#all.get(beat.runId);
    if (old !== undefined && old.sweepId !== beat.sweepId) this.#drop([beat.runId]);
    this.#all.delete(beat.runId);
    this.#all.set(beat.runId, beat);
    let sweep = this.#bySweep.get(beat.sweepId);
    if (sweep === undefined) this.#bySweep.set(beat.sweepId, sweep = new Map());
    sweep.delete(beat.runId);
    sweep.set(beat.runId, beat);
    this.#emit({ type: "heartbeat", beat });
    if (sweep.size > MAX_RUNNING_PER_SWEEP) this.#drop([sweep.keys().next().value!]);
    if (this.#all.size > MAX_RUNNING) this.#drop([this.#all.keys().next().value!]);
  }

  /** Forgets the heartbeats of finished runs and tells subscribers their sweeps changed. */
  ingested(sweepIds: string[], runIds: string[]): void {
    this.#drop(runIds.filter((id) => this.#all.has(id)));
    this.#emit({ type: "ingested", sweepIds, runIds });
  }

  /** Forgets heartbeats older than STALE_MS (telling subscribers); the oldest are met first. */
  prune(now = Date.now()): void {
    const stale: string[] = [];
    for (const [id, beat] of this.#all) {
      if (now - Date.parse(beat.at) <= STALE_MS) break;
      stale.push(id);
    }
    this.#drop(stale);
  }

  /** Fresh heartbeats of a sweep's running cells (at most MAX_RUNNING_PER_SWEEP), by run id. */
  active(sweepId: string, now = Date.now()): Heartbeat[] {
    this.prune(now);
    return [...(this.#bySweep.get(sweepId)?.values() ?? [])].sort(byRunId);
  }

  /**
   * Sweeps with fresh heartbeats that `isStored` does not know yet, in sweep id order, at most
   * MAX_PENDING of them (one `isStored` per sweep looked at).
   */
  pending(isStored: (sweepId: string) => boolean, now = Date.now()): PendingSweep[] {
    this.prune(now);
    const out: PendingSweep[] = [];
    for (const sweepId of [...this.#bySweep.keys()].sort()) {
      if (out.length === MAX_PENDING) break;
      if (isStored(sweepId)) continue;
      const running = [...this.#bySweep.get(sweepId)!.values()].sort(byRunId);
      const info = running.find((b) => b.suite !== null) ?? running[0]!;
      out.push({ sweepId, suite: info.suite, cells: info.cells, running });
    }
    return out;
  }

  /** Calls `listener` on every event until the returned function is called. */
  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forgets `runIds` and tells subscribers, one event per sweep. */
  #drop(runIds: readonly string[]): void {
    const gone = new Map<string, string[]>();
    for (const id of runIds) {
      const beat = this.#all.get(id);
      if (beat === undefined) continue;
      this.#all.delete(id);
      const sweep = this.#bySweep.get(beat.sweepId)!;
      sweep.delete(id);
      if (sweep.size === 0) this.#bySweep.delete(beat.sweepId);
      const list = gone.get(beat.sweepId);
      if (list === undefined) gone.set(beat.sweepId, [id]);
      else list.push(id);
    }
    for (const [sweepId, ids] of gone) this.#emit({ type: "gone", sweepId, runIds: ids });
  }

  #emit(event: LiveEvent): void {
    for (const l of this.#listeners) l(event);
  }
}
