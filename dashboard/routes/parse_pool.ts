/**
 * Parsing big request bodies off the event loop: a posted body of at least INLINE_BYTES is parsed,
 * validated and prepared (parse_write.ts) on a worker thread, and with a database file the worker
 * also stores posted reports on a connection of its own (SQLite in WAL mode takes writers from
 * several connections, one at a time), so that pages keep answering while uploads of many megabytes
 * are read; smaller ones are parsed inline, where a thread would cost more than it saves. A write
 * the database refuses comes back as an error with SQLite's message and code (storage_errors.ts
 * names it). The workers start on first use and stop with `close`.
 */
import { type ParsedWrite, parseWrite, type WriteKind } from "./parse_write.ts";

/** What a worker answers (parse_worker.ts). */
interface WorkerAnswer {
  id: number;
  parsed?: ParsedWrite;
  sqlite?: string;
  code?: unknown;
  error?: string;
}

/** Bodies smaller than this are parsed on the event loop. */
export const INLINE_BYTES = 256 * 1024;

interface Job {
  worker: Worker;
  resolve: (parsed: ParsedWrite) => void;
  reject: (error: Error) => void;
}

/** Worker threads that parse posted bodies, one body at a time each. */
export class ParsePool {
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  readonly #jobs = new Map<number, Job>();
  readonly #waiting: (() => void)[] = [];
  #next = 0;
  #closed = false;
  /** Bodies parsed on a worker so far. */
  offloaded = 0;

  /**
   * `size` workers at most (default: one per core beyond the event loop's, 1 to 2); `db`: the
   * database file the workers store posted reports in (null: they only parse).
   */
  constructor(
    readonly size = Math.max(1, Math.min(2, navigator.hardwareConcurrency - 1)),
    readonly db: string | null = null,
  ) {}

  /** Parses `bytes` (the body of a write of `kind`), on a worker when it is big. */
  async parse(kind: WriteKind, bytes: Uint8Array): Promise<ParsedWrite> {
    if (bytes.byteLength < INLINE_BYTES) return parseWrite(kind, new TextDecoder().decode(bytes));
    const worker = await this.#take();
    try {
      const id = this.#next++;
      const done = new Promise<ParsedWrite>((resolve, reject) =>
        this.#jobs.set(id, { worker, resolve, reject })
      );
      const copy = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes
        : bytes.slice();
      worker.postMessage({ id, kind, bytes: copy, db: this.db }, [copy.buffer as ArrayBuffer]);
      this.offloaded++;
      return await done;
    } finally {
      this.#give(worker);
    }
  }

  /** Stops the workers. */
  close(): void {
    this.#closed = true;
    for (const w of this.#all) w.terminate();
    for (const job of this.#jobs.values()) job.reject(new Error("the parse pool was closed"));
    this.#jobs.clear();
  }

  async #take(): Promise<Worker> {
    if (this.#closed) throw new Error("the parse pool is closed");
    const idle = this.#idle.pop();
    if (idle !== undefined) return idle;
    if (this.#all.length < this.size) return this.#start();
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
    return this.#take();
  }

  #give(worker: Worker): void {
    if (this.#closed || !this.#all.includes(worker)) return;
    this.#idle.push(worker);
    this.#waiting.shift()?.();
  }

  #start(): Worker {
    const worker = new Worker(new URL("./parse_worker.ts", import.meta.url).href, {
      type: "module",
    });
    worker.onmessage = (e: MessageEvent<WorkerAnswer>) => {
      const job = this.#jobs.get(e.data.id);
      this.#jobs.delete(e.data.id);
      if (e.data.parsed !== undefined) job?.resolve(e.data.parsed);
      else if (e.data.sqlite !== undefined) {
        job?.reject(Object.assign(new Error(e.data.sqlite), { code: e.data.code }));
      } else job?.reject(new Error(e.data.error ?? "the parse worker failed"));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      for (const [id, job] of this.#jobs) {
        if (job.worker !== worker) continue;
        job.reject(new Error(`the parse worker failed: ${e.message}`));
        this.#jobs.delete(id);
      }
      this.#all.splice(this.#all.indexOf(worker), 1);
      worker.terminate();
      this.#waiting.shift()?.();
    };
    this.#all.push(worker);
    return worker;
  }
}
