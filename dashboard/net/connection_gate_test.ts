/**
 * The gate's cap and timeouts, in process with short timeouts and a real HTTP server behind it:
 * idle and slowloris connections are closed, a stalled body too, keep-alive connections after
 * their idle time unless bytes flow, and one connection past the cap is answered 503.
 */
import assert from "node:assert/strict";
import { type GateLimits, startGate } from "./connection_gate.ts";

const LIMITS: GateLimits = {
  maxConnections: 4,
  headMs: 1000,
  bodyIdleMs: 1000,
  idleMs: 1500,
  sendMs: 1000,
};

async function gated(limits: Partial<GateLimits> = {}) {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/http.sock`;
  const server = Deno.serve({ path, onListen: () => {} }, async (req) => {
    if (new URL(req.url).pathname === "/stream") {
      let n = 0;
      const body = new ReadableStream({
        async pull(c) {
          await new Promise((r) => setTimeout(r, 200));
          if (n++ > 15) return c.close();
          c.enqueue(new TextEncoder().encode(`tick ${n}\n`));
        },
      });
      return new Response(body);
    }
    return new Response(`got ${(await req.arrayBuffer()).byteLength} bytes`);
  });
  const lines: string[] = [];
  const gate = startGate({
    hostname: "127.0.0.1",
    port: 0,
    backendPath: path,
    limits: { ...LIMITS, ...limits },
    log: (l) => lines.push(l),
  });
  const connect = () => Deno.connect({ hostname: "127.0.0.1", port: gate.addr.port });
  return {
    gate,
    lines,
    connect,
    async close() {
      gate.close();
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const encode = (t: string) => new TextEncoder().encode(t);

/**
 * Reads until the connection closes, `until` matches what was read, or `ms` pass; the text read
 * and whether it closed.
 */
async function readFor(
  conn: Deno.Conn,
  ms: number,
  until?: RegExp,
): Promise<{ text: string; closed: boolean }> {
  const buffer = new Uint8Array(65536);
  let text = "";
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !(until?.test(text) ?? false)) {
    const n = await Promise.race([
      conn.read(buffer).catch(() => null),
      new Promise<"wait">((r) => setTimeout(() => r("wait"), deadline - Date.now())),
    ]);
    if (n === "wait") return { text, closed: false };
    if (n === null) return { text, closed: true };
    text += new TextDecoder().decode(buffer.subarray(0, n));
  }
  return { text, closed: false };
}

Deno.test("an idle connection and a slowloris head are closed after the head timeout", async () => {
  const { gate, connect, close } = await gated();
  const idle = await connect();
  const slow = await connect();
  const head = encode("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa");
  let closed = false;
  for (let i = 0; i < head.length && !closed; i++) {
    await slow.write(head.subarray(i, i + 1)).catch(() => closed = true);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(closed || (await readFor(slow, 5000)).closed, "the slow head was cut off");
  assert.equal((await readFor(idle, 5000)).closed, true);
  assert.ok(gate.counts.timedOut >= 2);
  assert.equal(gate.open, 0);
  slow.close();
  idle.close();
  await close();
});

Deno.test("keep-alive requests are served, a quiet connection closes after the idle time, a flowing response does not", async () => {
  const { connect, close } = await gated();
  const conn = await connect();
  for (let i = 0; i < 3; i++) {
    await conn.write(encode("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"));
    assert.match((await readFor(conn, 5000, /got 5 bytes/)).text, /200 OK[\s\S]*got 5 bytes/);
  }
  assert.equal((await readFor(conn, 6000)).closed, true, "closed after the idle time");
  conn.close();
  const stream = await connect();
  await stream.write(encode("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n"));
  const seen = await readFor(stream, 2600);
  assert.equal(seen.closed, false, "bytes flow: not idle");
  assert.match(seen.text, /tick 5/);
  stream.close();
  await close();
});

Deno.test("a body that stalls is closed; one connection past the cap is answered 503", async () => {
  const { connect, close } = await gated();
  const stall = await connect();
  await stall.write(encode("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf"));
  assert.equal((await readFor(stall, 5000)).closed, true);
  stall.close();
  const held = await Promise.all([1, 2, 3, 4].map(() => connect()));
  await new Promise((r) => setTimeout(r, 50));
  const extra = await connect();
  const refused = await readFor(extra, 5000);
  assert.match(refused.text, /^HTTP\/1\.1 503 Service Unavailable/);
  assert.match(refused.text, /holds as many connections as it can/);
  assert.equal(refused.closed, true);
  await held[0]!.write(encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  assert.match((await readFor(held[0]!, 5000, /got 0 bytes/)).text, /200 OK/, "open ones served");
  for (const c of held) c.close();
  extra.close();
  await close();
});
