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
import { type FramingPhase, RequestFraming } from "./request_framing.ts";
import { openDescriptors, roomForConnection } from "./descriptor_limit.ts";

/** Timeouts and the cap of a gate. */
export interface GateLimits {
  maxConnections: number;
  headMs: number;
  bodyIdleMs: number;
  idleMs: number;
  sendMs: number;
}

/** The timeouts used unless told otherwise. */
export const GATE_TIMEOUTS = { headMs: 10_000, bodyIdleMs: 30_000, idleMs: 60_000, sendMs: 30_000 };

/** How often the gate looks for connections past a deadline. */
const SWEEP_MS = 250;

/** How long the gate waits before accepting again after accepting failed. */
const ACCEPT_PAUSE_MS = 100;

/** A connection's read buffers: small while it is quiet, large once a read fills one. */
const SMALL_BUFFER = 4 * 1024;
const LARGE_BUFFER = 64 * 1024;

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

interface Link {
  client: Deno.Conn;
  backend: Deno.Conn | null;
  framing: RequestFraming;
  opened: number;
  /** When the current head began (opening, or its first byte), while in a head. */
  headSince: number;
  /** Whether the client has begun a request yet (its first is timed from the opening). */
  begun: boolean;
  lastByte: number;
  /** Since when the gate waits on the client for body bytes, or on it to take response bytes. */
  waitingBody: number | null;
  sending: number | null;
  closed: boolean;
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
  const links = new Set<Link>();
  let backendPath = options.backendPath;
  const counts = { refused: 0, timedOut: 0, acceptFailures: 0 };
  let stopped = false;

  const close = (link: Link) => {
    if (link.closed) return;
    link.closed = true;
    links.delete(link);
    for (const c of [link.client, link.backend]) {
      try {
        c?.close();
      } catch {
        // already closed
      }
    }
  };

  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const link of links) {
      const phase: FramingPhase = link.framing.phase;
      const inHead = phase === "head" || (phase === "idle" && !link.begun);
      const late = (inHead && now - link.headSince > limits.headMs) ||
        (phase === "idle" && link.begun && link.sending === null &&
          now - link.lastByte > limits.idleMs) ||
        (link.waitingBody !== null && now - link.waitingBody > limits.bodyIdleMs) ||
        (link.sending !== null && now - link.sending > limits.sendMs);
      if (late) {
        counts.timedOut++;
        close(link);
      }
    }
  }, SWEEP_MS);

  const serve = async (client: Deno.Conn) => {
    const now = Date.now();
    const link: Link = {
      client,
      backend: null,
      framing: new RequestFraming(),
      opened: now,
      headSince: now,
      begun: false,
      lastByte: now,
      waitingBody: null,
      sending: null,
      closed: false,
    };
    links.add(link);
    try {
      link.backend = await Deno.connect({ transport: "unix", path: backendPath });
      unreachable.fine("connections: the HTTP server is reached again");
    } catch (e) {
      unreachable.start(
        `connections: cannot reach the HTTP server (${(e as Error).message}); closing those`,
      );
      return close(link);
    }
    await Promise.all([toBackend(link), toClient(link)]);
    close(link);
  };

  // The connection's first request is timed from its opening (`headSince` above), later ones
  // from their first byte. Buffers start small (idle connections are many) and grow when full.
  const toBackend = async (link: Link) => {
    let buffer = new Uint8Array(SMALL_BUFFER);
    try {
      for (;;) {
        const before = link.framing.phase;
        if (before === "body") link.waitingBody = Date.now();
        const n = await link.client.read(buffer);
        link.waitingBody = null;
        if (n === null || link.closed) break;
        link.lastByte = Date.now();
        const chunk = buffer.subarray(0, n);
        const step = link.framing.feed(chunk);
        if (step.error !== null) break;
        if (link.begun && before === "idle" && link.framing.phase === "head") {
          link.headSince = link.lastByte;
        }
        if (step.heads > 0 && link.framing.phase === "head") link.headSince = link.lastByte;
        link.begun = true;
        await writeAll(link.backend!, chunk);
        if (n === buffer.length && buffer.length < LARGE_BUFFER) {
          buffer = new Uint8Array(LARGE_BUFFER);
        }
      }
    } catch {
      // the client or the server went away
    }
    close(link);
  };

  const toClient = async (link: Link) => {
    let buffer = new Uint8Array(SMALL_BUFFER);
    try {
      for (;;) {
        const n = await link.backend!.read(buffer);
        if (n === null || link.closed) break;
        link.sending = link.lastByte = Date.now();
        await writeAll(link.client, buffer.subarray(0, n));
        link.sending = null;
        link.lastByte = Date.now();
        if (n === buffer.length && buffer.length < LARGE_BUFFER) {
          buffer = new Uint8Array(LARGE_BUFFER);
        }
      }
    } catch {
      // the client or the server went away
    }
    close(link);
  };

  // A condition (accepting failed, few descriptors) is logged when it starts, and its end once
  // connections have been accepted normally for EPISODE_MS, so one episode is two lines.
  const failed = new Episode("accepting failed", log);
  const unreachable = new Episode("HTTP server unreachable", log);
  /** Connections opened in the last second: the HTTP server may not have taken them yet. */
  const young = () => {
    const since = Date.now() - 1000;
    let n = 0;
    for (const link of links) if (link.opened > since) n++;
    return n;
  };
  const short = new Episode("few descriptors left", log);
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
      for (const link of [...links]) close(link);
      void accepting;
    },
  };
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.length) at += await conn.write(bytes.subarray(at));
}

/** How long things must go well before a logged condition is said to have ended. */
const EPISODE_MS = 1000;

/** A condition that is logged once when it starts and once when it has ended. */
class Episode {
  #since: number | null = null;
  #last = 0;

  constructor(readonly name: string, readonly log: (line: string) => void) {}

  /** The condition holds now; logs `line` if it was not holding. */
  start(line: string): void {
    if (this.#since === null) this.log(line);
    this.#since ??= Date.now();
    this.#last = Date.now();
  }

  /** Things went well now; logs `line` once they have gone well for EPISODE_MS since the last bad. */
  fine(line: string): void {
    if (this.#since === null || Date.now() - this.#last < EPISODE_MS) return;
    this.log(line);
    this.#since = null;
  }
}
