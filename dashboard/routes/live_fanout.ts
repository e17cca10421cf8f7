/**
 * Heartbeats to the live viewers of sweep pages, in deltas: a viewer first gets its sweep's running
 * cells (`heartbeats`), then at most one `beats` event per FLUSH_MS with the cells that changed
 * (`set`) and those gone (`gone`), serialized once per sweep for all its viewers. A viewer still
 * busy with an earlier event skips the deltas meanwhile and gets the whole list again once it has
 * caught up, so a slow reader holds one pending event, never a queue. Viewers are counted and
 * capped (MAX_VIEWERS).
 */
import type { HeartbeatHub } from "./heartbeat_hub.ts";
import type { Heartbeat } from "./live.ts";

/** Least time between two heartbeat events to one viewer. */
export const FLUSH_MS = 1000;

/** The most live viewers (event streams) served at once. */
export const MAX_VIEWERS = 200;

/** How a viewer is sent an event; resolves once written. */
export type SendEvent = (event: string, data: string) => Promise<void>;

interface Viewer {
  send: SendEvent;
  busy: boolean;
  behind: boolean;
}

interface SweepViewers {
  viewers: Set<Viewer>;
  changed: Map<string, Heartbeat | null>;
  timer: ReturnType<typeof setTimeout> | null;
}

/** The live viewers of every sweep, fed from one hub. */
export class LiveFanout {
  readonly #sweeps = new Map<string, SweepViewers>();
  #count = 0;
  #unsubscribe: (() => void) | null = null;

  constructor(readonly hub: HeartbeatHub, readonly maxViewers = MAX_VIEWERS) {}

  /** How many viewers are connected. */
  get viewers(): number {
    return this.#count;
  }

  /**
   * Adds a viewer of `sweepId` and sends it the running cells; null when MAX_VIEWERS are
   * connected. Call the returned function when the viewer leaves.
   */
  join(sweepId: string, send: SendEvent): (() => void) | null {
    if (this.#count >= this.maxViewers) return null;
    this.#count++;
    this.#unsubscribe ??= this.hub.subscribe((e) => {
      if (e.type === "heartbeat") this.#changed(e.beat.sweepId, [[e.beat.runId, e.beat]]);
      else if (e.type === "gone") this.#changed(e.sweepId, e.runIds.map((id) => [id, null]));
    });
    let sweep = this.#sweeps.get(sweepId);
    if (sweep === undefined) {
      this.#sweeps.set(sweepId, sweep = { viewers: new Set(), changed: new Map(), timer: null });
    }
    const viewer: Viewer = { send, busy: false, behind: true };
    sweep.viewers.add(viewer);
    this.#deliver(sweepId, viewer, null);
    const group = sweep;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#count--;
      group.viewers.delete(viewer);
      if (group.viewers.size > 0) return;
      if (group.timer !== null) clearTimeout(group.timer);
      this.#sweeps.delete(sweepId);
      if (this.#sweeps.size === 0) {
        this.#unsubscribe?.();
        this.#unsubscribe = null;
      }
    };
  }

  #changed(sweepId: string, entries: [string, Heartbeat | null][]): void {
    const sweep = this.#sweeps.get(sweepId);
    if (sweep === undefined) return;
    for (const [id, beat] of entries) sweep.changed.set(id, beat);
    sweep.timer ??= setTimeout(() => this.#flush(sweepId), FLUSH_MS);
  }

  #flush(sweepId: string): void {
    const sweep = this.#sweeps.get(sweepId);
    if (sweep === undefined) return;
    sweep.timer = null;
    const set: Heartbeat[] = [];
    const gone: string[] = [];
    for (const [id, beat] of sweep.changed) beat === null ? gone.push(id) : set.push(beat);
    sweep.changed.clear();
    const delta = JSON.stringify({ set, gone });
    for (const viewer of sweep.viewers) this.#deliver(sweepId, viewer, delta);
  }

  /** Sends `delta` to a viewer that is up to date, else (or for null) the whole list. */
  #deliver(sweepId: string, viewer: Viewer, delta: string | null): void {
    if (viewer.busy) {
      viewer.behind = true;
      return;
    }
    const whole = viewer.behind || delta === null;
    viewer.behind = false;
    viewer.busy = true;
    const [event, data] = whole
      ? ["heartbeats", JSON.stringify(this.hub.active(sweepId))]
      : ["beats", delta];
    viewer.send(event, data).then(() => {
      viewer.busy = false;
      if (viewer.behind) this.#deliver(sweepId, viewer, null);
    }, () => {
      viewer.busy = false;
    });
  }
}
