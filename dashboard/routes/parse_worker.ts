/**
 * The worker thread of parse_pool.ts: takes `{ id, kind, bytes }`, answers `{ id, parsed }` (or
 * `{ id, error }` when parsing failed unexpectedly).
 */
/// <reference lib="deno.worker" />
import { parseWrite, type WriteKind } from "./parse_write.ts";

self.onmessage = (e: MessageEvent<{ id: number; kind: WriteKind; bytes: Uint8Array }>) => {
  const { id, kind, bytes } = e.data;
  try {
    const parsed = parseWrite(kind, new TextDecoder().decode(bytes));
    self.postMessage({ id, parsed });
  } catch (error) {
    self.postMessage({ id, error: String((error as Error)?.message ?? error) });
  }
};
