/**
 * Descriptors, from the probe's reproduction: about 230 idle connections under `ulimit -n 256`
 * made `serve` print `error: Error: Too many open files (os error 24)` and exit 1. Now the server
 * reads its limit at start and holds at most the connections it has descriptors for, answering
 * one more with 503, serving the open ones and accepting again once they close; a gate driven past
 * its descriptors logs one line and accepts again instead of exiting.
 */
import assert from "node:assert/strict";
import { connectionCap, parseOpenFilesLimit } from "./descriptor_limit.ts";
import { startServedProcess } from "../testing/served_process.ts";

Deno.test("the connection cap is what the open-file limit leaves, three descriptors each", () => {
  const limits =
    "Limit  Soft Limit  Hard Limit  Units\nMax open files            256                  4096                 files\n";
  assert.equal(parseOpenFilesLimit(limits), 256);
  assert.equal(parseOpenFilesLimit("Max open files  unlimited  unlimited  files\n"), Infinity);
  assert.equal(parseOpenFilesLimit("nothing"), null);
  assert.equal(connectionCap(256), 64);
  assert.equal(connectionCap(20_000), 4096);
  assert.equal(connectionCap(null), 320);
  assert.equal(connectionCap(10), 1);
});

const encode = (t: string) => new TextEncoder().encode(t);

async function answer(conn: Deno.Conn, ms = 10_000): Promise<string> {
  const buffer = new Uint8Array(65536);
  let text = "";
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !/\r\n\r\n/.test(text)) {
    const n = await Promise.race([
      conn.read(buffer).catch(() => null),
      new Promise<"late">((r) => setTimeout(() => r("late"), Math.max(0, deadline - Date.now()))),
    ]);
    if (n === null || n === "late") break;
    text += new TextDecoder().decode(buffer.subarray(0, n));
  }
  return text;
}

async function flood(port: number, n: number): Promise<Deno.Conn[]> {
  const conns: Deno.Conn[] = [];
  for (let i = 0; i < n; i++) {
    try {
      conns.push(await Deno.connect({ hostname: "127.0.0.1", port }));
    } catch {
      break;
    }
  }
  return conns;
}

Deno.test("serve under ulimit -n 256 holds 400 connection attempts: it stays up, refuses past its cap and serves the open ones", async () => {
  const dir = await Deno.makeTempDir();
  const server = await startServedProcess({
    db: `${dir}/d.db`,
    token: "t",
    shellPrefix: "ulimit -n 256",
  });
  try {
    assert.match(server.output(), /connections: at most 64 at once \(open-file limit 256\)/);
    const port = Number(new URL(server.url).port);
    const kept = await Deno.connect({ hostname: "127.0.0.1", port });
    const get = encode("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await kept.write(get);
    assert.match(await answer(kept), /^HTTP\/1\.1 200 OK/);
    const idle = await flood(port, 400);
    const refused = (await Promise.all(idle.slice(63).map((c) => answer(c, 3000))))
      .filter((t) => /^HTTP\/1\.1 503 /.test(t)).length;
    assert.ok(refused >= 300, `${refused} of ${idle.length - 63} past the cap answered 503`);
    const exited = await Promise.race([
      server.exited,
      new Promise((r) => setTimeout(() => r("up"), 500)),
    ]);
    assert.equal(exited, "up", server.output());
    await kept.write(get);
    assert.match(await answer(kept), /^HTTP\/1\.1 200 OK/, "an open connection is served");
    for (const c of idle) c.close();
    await new Promise((r) => setTimeout(r, 300));
    const fresh = await Deno.connect({ hostname: "127.0.0.1", port });
    await fresh.write(get);
    assert.match(await answer(fresh), /^HTTP\/1\.1 200 OK/, "accepting again");
    fresh.close();
    kept.close();
    assert.doesNotMatch(server.output(), /Too many open files|error:/);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a gate whose descriptors run out logs one line, keeps serving and accepts again instead of exiting", async () => {
  const script = new URL("../testing/gate_over_limit.ts", import.meta.url).pathname;
  const child = new Deno.Command("sh", {
    args: ["-c", `ulimit -n 128 && exec '${Deno.execPath()}' run -A '${script}'`],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const reading = (async () => {
    for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
      lines.push(...text.split("\n").filter((l) => l !== ""));
    }
  })();
  const stdin = child.stdin.getWriter();
  const until = async (pattern: RegExp) => {
    for (let i = 0; i < 200 && !lines.some((l) => pattern.test(l)); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return lines.find((l) => pattern.test(l));
  };
  try {
    const port = Number((await until(/^listening on /))!.slice(13));
    const kept = await Deno.connect({ hostname: "127.0.0.1", port });
    const get = encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await kept.write(get);
    assert.match(await answer(kept), /200 OK/);
    const idle = await flood(port, 100);
    assert.ok(
      await until(/few descriptors left with \d+ open; refusing new ones/),
      lines.join("\n"),
    );
    for (const c of idle) c.close();
    await new Promise((r) => setTimeout(r, 1000)); // the gate has closed them too
    await stdin.write(encode("hog\n"));
    assert.ok(await until(/^hogging \d+ descriptors/));
    const more = await flood(port, 20);
    await new Promise((r) => setTimeout(r, 500));
    const failures = lines.filter((l) => /accepting failed \(Too many open files/.test(l));
    assert.equal(failures.length, 1, lines.join("\n"));
    await kept.write(get);
    assert.match(
      await answer(kept),
      /200 OK/,
      `the open connection is served: ${lines.join("\n")}`,
    );
    await stdin.write(encode("free\n"));
    assert.ok(await until(/accepting again/), lines.join("\n"));
    for (const c of more) c.close();
    await new Promise((r) => setTimeout(r, 300));
    const fresh = await Deno.connect({ hostname: "127.0.0.1", port });
    await fresh.write(get);
    assert.match(await answer(fresh), /200 OK/);
    fresh.close();
    kept.close();
  } finally {
    try {
      child.kill("SIGTERM"); // it shuts down and removes its socket folder
    } catch {
      // it exited: the assertions above say why
    }
    await child.status;
    await stdin.close().catch(() => {});
    await reading.catch(() => {});
    await child.stderr.cancel();
  }
});
