/**
 * `GET /api/sweeps/:sweep/events` (text/event-stream): a sweep's `progress` (its counts, sent again
 * when a report of it is stored or its counts change), its running cells as `heartbeats`, then their
 * changes as `beats` deltas (live_fanout.ts), and a comment every KEEPALIVE_MS. Past MAX_VIEWERS
 * open streams a new one answers 503.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { streamSSE } from "hono/streaming";
import { LiveFanout, type SendEvent } from "./live_fanout.ts";
import { type Deps, sweepOr404 } from "./deps.ts";

/** How often the event stream re-reads a sweep's counts (catches direct database writes). */
export const POLL_MS = 2000;

/** How often an event stream sends a comment, so that idle timeouts spare it. */
export const KEEPALIVE_MS = 20_000;

/** The live event stream of each sweep. */
export function liveRoutes(deps: Deps): Hono {
  const app = new Hono();
  const fanout = new LiveFanout(deps.hub);
  app.get("/api/sweeps/:sweep/events", (c) => {
    const id = sweepOr404(deps, c.req.param("sweep")).id;
    if (fanout.viewers >= fanout.maxViewers) {
      c.header("retry-after", "30");
      throw new HTTPException(503, {
        message: `${fanout.viewers} live viewers are connected, the most this server serves; ` +
          "the page shows the sweep as loaded: reload it later to follow it live",
      });
    }
    return streamSSE(c, async (stream) => {
      let queue = Promise.resolve();
      const send: SendEvent = (event, data) =>
        queue = queue.then(() => stream.writeSSE({ event, data }));
      let last = "";
      const sendProgress = () => {
        let s;
        try {
          s = deps.store.getSweep(id);
        } catch {
          return queue; // the store cannot be read now: the next poll tries again
        }
        const data = JSON.stringify({ counts: s?.counts, cells: s?.cells });
        if (data === last) return queue;
        last = data;
        return send("progress", data);
      };
      const unsubscribe = deps.hub.subscribe((e) => {
        if (e.type === "ingested" && e.sweepIds.includes(id)) void sendProgress();
      });
      let aborted = false;
      let leave: (() => void) | null = null;
      stream.onAbort(() => {
        aborted = true;
        unsubscribe();
        leave?.();
      });
      await sendProgress();
      leave = fanout.join(id, send);
      if (leave === null) return unsubscribe();
      for (let waited = POLL_MS; !aborted; waited += POLL_MS) {
        await stream.sleep(POLL_MS);
        if (aborted) break;
        deps.hub.prune();
        await sendProgress();
        if (waited % KEEPALIVE_MS === 0) {
          await (queue = queue.then(async () => void await stream.write(": alive\n\n")));
        }
      }
    });
  });
  return app;
}
