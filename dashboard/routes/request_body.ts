/**
 * Request bodies of writes, read with their cost bounded before the work starts: a body is held to
 * the stored-value limit plus framing (MAX_WRITE_BYTES: its declared length is refused at once, and
 * the stream is counted as it is read, so a body past the limit costs at most the limit), and the
 * bodies held in memory at once across requests stay within a budget: a body waits, unread, until
 * there is room for it.
 */
import { HTTPException } from "hono/http-exception";
import { STORED_VALUE_LIMITS } from "../../src/report/bounded_json.ts";

/** Room beyond one stored value: a batch's brackets and commas, a night's or heartbeat's frame. */
export const FRAMING_BYTES = 64 * 1024;

/** The largest body of a write: the stored-value limit (16 MiB of JSON) plus framing. */
export const MAX_WRITE_BYTES = STORED_VALUE_LIMITS.size + FRAMING_BYTES;

/** The largest body of a heartbeat. */
export const MAX_HEARTBEAT_BYTES = 64 * 1024;

/** Bytes of request bodies held in memory at once by default: four bodies at the limit. */
export const BODY_BUDGET_BYTES = 4 * MAX_WRITE_BYTES;

/** Bytes that bodies may hold at once; a reservation waits until there is room for it. */
export class BodyBudget {
  #free: number;
  /** The most bytes held at once so far. */
  peak = 0;
  readonly #waiting: { bytes: number; go: () => void }[] = [];

  constructor(readonly bytes = BODY_BUDGET_BYTES) {
    this.#free = bytes;
  }

  /** Reserves `bytes` (at most the whole budget); resolves with the function that frees them. */
  async reserve(bytes: number): Promise<() => void> {
    const n = Math.min(bytes, this.bytes);
    if (this.#waiting.length === 0 && n <= this.#free) this.#free -= n;
    else await new Promise<void>((go) => this.#waiting.push({ bytes: n, go })); // #wake took n
    this.peak = Math.max(this.peak, this.bytes - this.#free);
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      this.#free += n;
      this.#wake();
    };
  }

  /** Hands the free bytes to the waiting reservations, first come first served. */
  #wake(): void {
    while (this.#waiting.length > 0 && this.#waiting[0]!.bytes <= this.#free) {
      const next = this.#waiting.shift()!;
      this.#free -= next.bytes;
      next.go();
    }
  }
}

function tooLarge(limit: number, got: string): never {
  throw new HTTPException(413, {
    message: `Request body too large: the limit is ${limit} bytes, got ${got}`,
  });
}

/**
 * The body of `request`, at most `limit` bytes (413 otherwise, having read at most `limit + 1`),
 * read once `budget` has room for it; call `release` when done with it (and what was made of it).
 */
export async function readBody(
  request: Request,
  limit: number,
  budget?: BodyBudget,
): Promise<{ bytes: Uint8Array; release: () => void }> {
  const declared = request.headers.get("content-length");
  const length = declared === null ? null : Number(declared);
  if (length !== null && length > limit) tooLarge(limit, `${declared} (Content-Length)`);
  const release = budget === undefined ? () => {} : await budget.reserve(length ?? limit);
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (request.body !== null) {
      const reader = request.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > limit) {
          await reader.cancel();
          tooLarge(limit, `more (${total} bytes read)`);
        }
        chunks.push(value);
      }
    }
    const bytes = chunks.length === 1 ? chunks[0]! : new Uint8Array(total);
    if (chunks.length !== 1) {
      let at = 0;
      for (const c of chunks) bytes.set(c, at), at += c.byteLength;
    }
    return { bytes, release };
  } catch (e) {
    release();
    throw e;
  }
}
