/**
 * Where HTTP/1.1 requests begin and end in the bytes a client sends, without parsing more of them
 * than that: the connection gate (connection_gate.ts) uses it to time a request's head and body
 * and the idle time between requests. A head ends at its blank line; its body is `Content-Length`
 * bytes or chunked (`Transfer-Encoding: chunked`), else empty. Framing it cannot follow (a head
 * past MAX_HEAD_BYTES, conflicting lengths, another transfer coding, a bad chunk size) is an error
 * that ends the connection.
 */

/** The longest request head followed. */
export const MAX_HEAD_BYTES = 64 * 1024;

/** Where the client's bytes are: between requests, in a head, in a body. */
export type FramingPhase = "idle" | "head" | "body";

/** What a fed chunk contained. */
export interface FramingStep {
  /** Requests whose head ended in this chunk. */
  heads: number;
  /** Requests that ended (head and body) in this chunk. */
  requests: number;
  /** Why the bytes cannot be followed, or null. */
  error: string | null;
}

const CR = 13;
const LF = 10;

type Chunked = "size" | "data" | "data-end" | "trailer";

/** The framing state of one connection's client bytes. */
export class RequestFraming {
  #phase: FramingPhase = "idle";
  #head: number[] = [];
  /** Bytes of the current fixed-length body still to come. */
  #left = 0;
  #chunked: Chunked | null = null;
  #line: number[] = [];
  #error: string | null = null;

  /** Where the client is now. */
  get phase(): FramingPhase {
    return this.#phase;
  }

  /** Follows `bytes`, the next bytes the client sent. */
  feed(bytes: Uint8Array): FramingStep {
    const step: FramingStep = { heads: 0, requests: 0, error: this.#error };
    for (let i = 0; i < bytes.length && this.#error === null;) {
      if (this.#phase === "body" && this.#chunked === null) {
        const n = Math.min(this.#left, bytes.length - i);
        this.#left -= n;
        i += n;
        if (this.#left === 0) this.#end(step);
        continue;
      }
      if (this.#phase === "body" && this.#chunked === "data") {
        const n = Math.min(this.#left, bytes.length - i);
        this.#left -= n;
        i += n;
        if (this.#left === 0) this.#chunked = "data-end";
        continue;
      }
      const b = bytes[i++]!;
      if (this.#phase === "body") this.#chunkByte(b, step);
      else this.#headByte(b, step);
    }
    step.error = this.#error;
    return step;
  }

  #headByte(b: number, step: FramingStep): void {
    if (this.#phase === "idle") {
      if (b === CR || b === LF) return; // blank lines between requests are allowed
      this.#phase = "head";
    }
    this.#head.push(b);
    if (this.#head.length > MAX_HEAD_BYTES) {
      this.#error = `a request head over ${MAX_HEAD_BYTES} bytes`;
      return;
    }
    const n = this.#head.length;
    const ended = b === LF &&
      (this.#head[n - 2] === LF || (this.#head[n - 2] === CR && this.#head[n - 3] === LF));
    if (!ended) return;
    step.heads++;
    const head = new TextDecoder().decode(new Uint8Array(this.#head));
    this.#head = [];
    this.#startBody(head, step);
  }

  #startBody(head: string, step: FramingStep): void {
    const lengths = new Set<string>();
    let codings: string[] = [];
    for (const line of head.split(/\r?\n/).slice(1)) {
      const m = /^([^:\s]+)\s*:\s*(.*?)\s*$/.exec(line);
      if (m === null) continue;
      const name = m[1]!.toLowerCase();
      if (name === "content-length") m[2]!.split(",").forEach((v) => lengths.add(v.trim()));
      if (name === "transfer-encoding") {
        codings = codings.concat(m[2]!.toLowerCase().split(",").map((v) => v.trim()));
      }
    }
    if (codings.length > 0) {
      if (codings.at(-1) !== "chunked" || lengths.size > 0) {
        this.#error = `a transfer coding it cannot follow (${codings.join(", ")})`;
        return;
      }
      this.#phase = "body";
      this.#chunked = "size";
      return;
    }
    if (lengths.size > 1 || [...lengths].some((v) => !/^\d{1,15}$/.test(v))) {
      this.#error = `a Content-Length it cannot follow (${[...lengths].join(", ")})`;
      return;
    }
    this.#left = lengths.size === 0 ? 0 : Number([...lengths][0]);
    this.#phase = "body";
    if (this.#left === 0) this.#end(step);
  }

  #chunkByte(b: number, step: FramingStep): void {
    if (this.#chunked === "data-end") {
      if (b === LF) this.#chunked = "size";
      else if (b !== CR) this.#error = "a chunk not followed by CRLF";
      return;
    }
    if (b !== LF) {
      this.#line.push(b);
      if (this.#line.length > 4096) this.#error = "a chunk size or trailer line over 4096 bytes";
      return;
    }
    const line = new TextDecoder().decode(new Uint8Array(this.#line)).replace(/\r$/, "");
    this.#line = [];
    if (this.#chunked === "trailer") {
      if (line === "") this.#end(step);
      return;
    }
    const m = /^([0-9a-fA-F]{1,12})\s*(;.*)?$/.exec(line);
    if (m === null) {
      this.#error = `a bad chunk size line '${line.slice(0, 40)}'`;
      return;
    }
    this.#left = parseInt(m[1]!, 16);
    this.#chunked = this.#left === 0 ? "trailer" : "data";
  }

  #end(step: FramingStep): void {
    step.requests++;
    this.#phase = "idle";
    this.#chunked = null;
    this.#left = 0;
  }
}
