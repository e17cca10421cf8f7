/**
 * The gate in front of the HTTP server: it accepts the TCP connections itself and passes each one's
 * bytes to the server on a local socket, so that connections are counted, capped and timed out,
 * and a full descriptor table never stops the server:
 *
 * - at most `maxConnections` at once (connectionCap in descriptor_limit.ts), and none that would
 *   leave fewer than FREE_DESCRIPTORS of the open-file limit free (whatever else holds them: the
 *   HTTP server behind the gate would stop for good if it could not accept); one more is answered
 *   `503` with a one-line reason and closed;
 * - a request's head must arrive within `headMs` of its first byte (of the connection's opening,
 *   for its first request): idle and slowloris connections are closed;
 * - a request's body may not stall longer than `bodyIdleMs` while the gate waits on the client;
 * - between requests a connection with no bytes either way for `idleMs` is closed (event streams
 *   send a comment more often); a client that reads nothing of a response for `sendMs` too;
 * - when accepting fails (no descriptors left, or anything else) the gate logs one line per kind of
 *   failure, pauses and accepts again; the connections already open are served throughout.
 */
import { openDescriptors, roomForConnection } from "./descriptor_limit.ts";
import { Episode } from "./episode.ts";
import { type GateLimits, GateLink } from "./gate_link.ts";

export type { GateLimits } from "./gate_link.ts";

/** The timeouts used unless told otherwise. */
export const GATE_TIMEOUTS = { headMs: 10_000, bodyIdleMs: 30_000, idleMs: 60_000, sendMs: 30_000 };

/** How often the gate looks for connections past a deadline. */
const SWEEP_MS = 250;

/** How long the gate waits before accepting again after accepting failed. */
const ACCEPT_PAUSE_MS = 100;

/** Where the gate listens and where it passes connections. */
export interface GateOptions {
  hostname: string;
  port: number;
  /** The local socket the HTTP server listens on. */
  backendPath: string;
  limits: GateLimits;
  /** The process's open-file limit (descriptor_limit.ts); null: unknown, not watched. */
  openFiles?: number | null;
  log?: (line: string) => void;
}

/** A running gate. */
export interface Gate {
  addr: Deno.NetAddr;
  /** Connections open now. */
  readonly open: number;
  /** Connections refused at the cap, closed by a timeout, and accept failures, so far. */
  readonly counts: { refused: number; timedOut: number; acceptFailures: number };
  /** Passes new connections to the HTTP server at `path` from now on. */
  setBackend(path: string): void;
  /** Stops accepting and closes every connection. */
  close(): void;
}

const BUSY = new TextEncoder().encode(
  "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 5\r\n" +
    "connection: close\r\ncontent-length: 91\r\n\r\n" +
    '{"error":"The dashboard holds as many connections as it can; try again in a few seconds"}\n',
);

/** Starts a gate; it accepts until `close`. */
export function startGate(options: GateOptions): Gate {
  const { limits } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const listener = Deno.listen({ hostname: options.hostname, port: options.port });
  const base = openDescriptors() ?? 0;
  const links = new Set<GateLink>();
  let backendPath = options.backendPath;
  const counts = { refused: 0, timedOut: 0, acceptFailures: 0 };
  let stopped = false;
  const failed = new Episode(log);
  const short = new Episode(log);
  const unreachable = new Episode(log);

  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const link of links) {
      if (!link.overdue(limits, now)) continue;
      counts.timedOut++;
      link.close();
    }
  }, SWEEP_MS);

  const serve = async (client: Deno.Conn) => {
    const link = new GateLink(client, (l) => links.delete(l));
    links.add(link);
    let backend: Deno.Conn;
    try {
      backend = await Deno.connect({ transport: "unix", path: backendPath });
      unreachable.fine("connections: the HTTP server is reached again");
    } catch (e) {
      unreachable.start(
        `connections: cannot reach the HTTP server (${(e as Error).message}); closing those`,
      );
      return link.close();
    }
    await link.pump(backend);
  };

  /** Connections opened in the last second: the HTTP server may not have taken them yet. */
  const young = () => {
    const since = Date.now() - 1000;
    let n = 0;
    for (const link of links) if (link.opened > since) n++;
    return n;
  };

  const accepting = (async () => {
    while (!stopped) {
      let client: Deno.Conn;
      try {
        client = await listener.accept();
      } catch (e) {
        if (stopped) break;
        counts.acceptFailures++;
        failed.start(
          `connections: accepting failed (${(e as Error).message}) with ${links.size} open; ` +
            "serving those and accepting again as descriptors free up",
        );
        await new Promise((r) => setTimeout(r, ACCEPT_PAUSE_MS));
        continue;
      }
      failed.fine(`connections: accepting again (${links.size} open)`);
      const room = roomForConnection(options.openFiles ?? null, base, links.size, young());
      if (room) short.fine(`connections: descriptors free again (${links.size} open)`);
      else {
        short.start(`connections: few descriptors left with ${links.size} open; refusing new ones`);
      }
      if (links.size >= limits.maxConnections || !room) {
        counts.refused++;
        await client.write(BUSY).catch(() => 0); // a few bytes to a fresh socket: never waits
        client.close();
        continue;
      }
      void serve(client);
    }
  })();

  return {
    addr: listener.addr as Deno.NetAddr,
    get open() {
      return links.size;
    },
    counts,
    setBackend(path: string) {
      backendPath = path;
    },
    close() {
      stopped = true;
      clearInterval(sweeper);
      try {
        listener.close();
      } catch {
        // already closed
      }
      for (const link of [...links]) link.close();
      void accepting;
    },
  };
}
