/**
 * One connection through the gate (connection_gate.ts): the client's socket, its local socket to
 * the HTTP server, the bytes passed both ways, and the deadlines it is held to. The client's bytes
 * are followed (request_framing.ts) to know whether it is between requests, in a head or in a body.
 */
import { RequestFraming } from "./request_framing.ts";

/** Timeouts and the cap of a gate. */
export interface GateLimits {
  maxConnections: number;
  /** A request's head, from its first byte (a connection's first, from its opening). */
  headMs: number;
  /** A body's bytes, while the gate waits on the client for them. */
  bodyIdleMs: number;
  /** No bytes either way between requests. */
  idleMs: number;
  /** A response's bytes, while the gate waits on the client to take them. */
  sendMs: number;
}

/** Read buffers: small while a connection is quiet (idle ones are many), large once one fills. */
const SMALL_BUFFER = 4 * 1024;
const LARGE_BUFFER = 64 * 1024;

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.length) at += await conn.write(bytes.subarray(at));
}

/** A connection through the gate. */
export class GateLink {
  backend: Deno.Conn | null = null;
  readonly framing = new RequestFraming();
  readonly opened = Date.now();
  /** When the current head began: the opening for the first request, else its first byte. */
  #headSince = this.opened;
  #begun = false;
  #lastByte = this.opened;
  /** Since when the gate waits on the client for body bytes, or for it to take response bytes. */
  #waitingBody: number | null = null;
  #sending: number | null = null;
  #closed = false;

  constructor(readonly client: Deno.Conn, readonly onClose: (link: GateLink) => void) {}

  /** Whether the connection is past one of its deadlines at `now`. */
  overdue(limits: GateLimits, now: number): boolean {
    const phase = this.framing.phase;
    const inHead = phase === "head" || (phase === "idle" && !this.#begun);
    return (inHead && now - this.#headSince > limits.headMs) ||
      (phase === "idle" && this.#begun && this.#sending === null &&
        now - this.#lastByte > limits.idleMs) ||
      (this.#waitingBody !== null && now - this.#waitingBody > limits.bodyIdleMs) ||
      (this.#sending !== null && now - this.#sending > limits.sendMs);
  }

  /** Passes bytes both ways until either side closes or breaks the framing, then closes. */
  async pump(backend: Deno.Conn): Promise<void> {
    this.backend = backend;
    await Promise.all([this.#toBackend(backend), this.#toClient(backend)]);
    this.close();
  }

  /** Closes both sockets (once). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const c of [this.client, this.backend]) {
      try {
        c?.close();
      } catch {
        // already closed
      }
    }
    this.onClose(this);
  }

  async #toBackend(backend: Deno.Conn): Promise<void> {
    let buffer = new Uint8Array(SMALL_BUFFER);
    try {
      for (;;) {
        const before = this.framing.phase;
        if (before === "body") this.#waitingBody = Date.now();
        const n = await this.client.read(buffer);
        this.#waitingBody = null;
        if (n === null || this.#closed) break;
        this.#lastByte = Date.now();
        const chunk = buffer.subarray(0, n);
        const step = this.framing.feed(chunk);
        if (step.error !== null) break;
        const next = this.framing.phase === "head";
        if ((this.#begun && before === "idle" && next) || (step.heads > 0 && next)) {
          this.#headSince = this.#lastByte;
        }
        this.#begun = true;
        await writeAll(backend, chunk);
        if (n === buffer.length && n < LARGE_BUFFER) buffer = new Uint8Array(LARGE_BUFFER);
      }
    } catch {
      // the client or the server went away
    }
    this.close();
  }

  async #toClient(backend: Deno.Conn): Promise<void> {
    let buffer = new Uint8Array(SMALL_BUFFER);
    try {
      for (;;) {
        const n = await backend.read(buffer);
        if (n === null || this.#closed) break;
        this.#sending = this.#lastByte = Date.now();
        await writeAll(this.client, buffer.subarray(0, n));
        this.#sending = null;
        this.#lastByte = Date.now();
        if (n === buffer.length && n < LARGE_BUFFER) buffer = new Uint8Array(LARGE_BUFFER);
      }
    } catch {
      // the client or the server went away
    }
    this.close();
  }
}
