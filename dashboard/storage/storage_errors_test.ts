/**
 * Storage failures named, from the probe's reproduction: a full disk (a small tmpfs, as root) used
 * to answer `500 Internal error: cannot rollback - no transaction is active` with a stack trace per
 * request; now 507 with the reason, one log line for the condition, reads still served, and writes
 * resume once space returns. A writer holding the lock past the busy timeout answers 503.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { createApp } from "../app.ts";
import { openStore } from "./store.ts";
import { storageFailure, StorageHealth } from "./storage_errors.ts";
import { makeReport } from "../../src/testing/report_factory.ts";
import { type ServedProcess, startServedProcess } from "../testing/served_process.ts";
import { ignoreWithout, ROOT_USER } from "../../src/testing/system_parts.ts";
import { INLINE_BYTES } from "../routes/parse_pool.ts";

function sqliteError(message: string): Error {
  return Object.assign(new Error(message), { code: "ERR_SQLITE_ERROR" });
}

Deno.test("storageFailure() names SQLite's full, read-only, locked and I/O errors, and nothing else", () => {
  assert.equal(storageFailure(sqliteError("database or disk is full"))?.status, 507);
  assert.equal(
    storageFailure(sqliteError("attempt to write a readonly database"))?.condition,
    "read-only",
  );
  assert.equal(storageFailure(sqliteError("database is locked"))?.condition, "locked");
  assert.equal(storageFailure(sqliteError("disk I/O error"))?.condition, "io");
  assert.equal(storageFailure(sqliteError("no such table: runs")), null);
  assert.equal(storageFailure(new Error("database or disk is full")), null, "not from SQLite");
});

Deno.test("StorageHealth logs one line when a condition starts and one when writes work again", () => {
  const lines: string[] = [];
  const health = new StorageHealth((l) => lines.push(l));
  const full = storageFailure(sqliteError("database or disk is full"))!;
  for (let i = 0; i < 50; i++) health.refused(full);
  health.wrote();
  health.wrote();
  assert.deepEqual(lines, [
    "storage: The database's disk is full; refusing writes (507)",
    "storage: writes work again (full cleared after 50 refused requests)",
  ]);
});

function post(url: string, report: unknown, token = "t") {
  return fetch(`${url}/api/reports`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(report),
  });
}

Deno.test("a write that waits past the busy timeout on another writer's lock answers 503 and works once it is free", async () => {
  const dir = await Deno.makeTempDir();
  const store = openStore(`${dir}/d.db`, { busyTimeoutMs: 50 });
  const lines: string[] = [];
  const app = createApp({ store, token: "t", health: new StorageHealth((l) => lines.push(l)) });
  const other = new DatabaseSync(`${dir}/d.db`);
  other.exec("BEGIN IMMEDIATE");
  const request = () =>
    app.request("/api/reports", {
      method: "POST",
      headers: { authorization: "Bearer t" },
      body: JSON.stringify(makeReport()),
    });
  const locked = await request();
  assert.equal(locked.status, 503);
  assert.equal(locked.headers.get("retry-after"), "10");
  assert.match((await locked.json()).error, /locked by another writer past the busy timeout/);
  other.exec("ROLLBACK");
  other.close();
  assert.equal((await request()).status, 200);
  assert.equal(lines.length, 2);
  store.close();
  await Deno.remove(dir, { recursive: true });
});

async function run(command: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${command} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

Deno.test({
  name:
    "on a full tmpfs writes answer 507 with one log line, reads go on, and writes resume when space returns",
  ignore: await ignoreWithout(import.meta.url, ROOT_USER),
  async fn() {
    const mount = await Deno.makeTempDir({ prefix: "plbench-full-" });
    await run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount);
    let server: ServedProcess | null = null;
    try {
      const filler = `${mount}/filler`;
      await Deno.writeFile(filler, new Uint8Array(1024 * 1024));
      server = await startServedProcess({ db: `${mount}/d.db`, token: "t" });
      // About 300 KB each: over the size parsed inline, so the server's worker writes them.
      const loss = Array.from({ length: 4000 }, (_, t) => 1 / (1 + t));
      assert.ok(JSON.stringify(makeReport({ loss })).length > INLINE_BYTES);
      const statuses: number[] = [];
      let refusal = "";
      for (let seed = 0; statuses.filter((s) => s === 507).length < 20 && seed < 200; seed++) {
        const res = await post(server.url, makeReport({ config: { seed }, loss }));
        statuses.push(res.status);
        if (res.status === 507) refusal = (await res.json()).error;
        else await res.body?.cancel();
      }
      const stored = statuses.filter((s) => s === 200).length;
      assert.ok(stored > 0, "some reports fit before the disk filled");
      assert.deepEqual([...new Set(statuses)], [200, 507], `statuses: ${statuses.join(" ")}`);
      assert.match(refusal, /^The database's disk is full: nothing of this request was stored/);
      const runs = await (await fetch(`${server.url}/api/runs`)).json();
      assert.equal(runs.runs.length, stored, "reads go on, with every stored report");
      assert.equal((await fetch(`${server.url}/`)).status, 200);

      await Deno.remove(filler);
      const again = await post(server.url, makeReport({ config: { seed: 1000 }, loss }));
      assert.equal(again.status, 200, await again.text());

      await server.shutdown();
      const log = server.output().split("\n").filter((l) => l.startsWith("storage:"));
      assert.equal(log.length, 2, log.join("\n"));
      assert.match(log[0]!, /disk is full; refusing writes \(507\)/);
      assert.match(log[1]!, /writes work again \(full cleared after 20 refused requests\)/);
      assert.doesNotMatch(server.output(), /^\s+at /m, "no stack traces");
    } finally {
      await server?.shutdown();
      await run("umount", mount);
      await Deno.remove(mount, { recursive: true });
    }
  },
});
