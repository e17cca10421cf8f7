/**
 * The worker thread of parse_pool.ts: takes `{ id, kind, bytes, db }`, answers `{ id, parsed }`,
 * or `{ id, sqlite }` when the database refused the write (its message), or `{ id, error }` when
 * parsing failed unexpectedly. Given a database file, it stores posted reports itself, on a
 * connection of its own, and answers without their rows.
 */
/// <reference lib="deno.worker" />
import { parseWrite, type WriteKind } from "./parse_write.ts";
import { openStore, type Store } from "../storage/store.ts";

let store: Store | null = null;

self.onmessage = (
  e: MessageEvent<{ id: number; kind: WriteKind; bytes: Uint8Array; db: string | null }>,
) => {
  const { id, kind, bytes, db } = e.data;
  let parsed;
  try {
    parsed = parseWrite(kind, new TextDecoder().decode(bytes));
  } catch (error) {
    self.postMessage({ id, error: String((error as Error)?.message ?? error) });
    return;
  }
  if (parsed.ok && parsed.kind === "reports" && db !== null && parsed.rows !== null) {
    try {
      store ??= openStore(db);
      store.upsertPrepared(parsed.rows);
    } catch (error) {
      const code = (error as { code?: unknown })?.code;
      self.postMessage({ id, sqlite: String((error as Error)?.message), code });
      return;
    }
    parsed = { ...parsed, rows: null };
  }
  self.postMessage({ id, parsed });
};
