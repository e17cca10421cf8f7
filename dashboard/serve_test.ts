import assert from "node:assert/strict";
import { startServer } from "./serve.ts";
import { makeReport } from "../src/testing/report_factory.ts";

Deno.test("startServer() serves the app over HTTP on a free port and writes to the db file", async () => {
  const dir = Deno.makeTempDirSync();
  const server = startServer({ port: 0, host: "127.0.0.1", db: `${dir}/d.db`, token: "t" }, true);
  const report = makeReport();
  const res = await fetch(`${server.url}/api/reports`, {
    method: "POST",
    headers: { authorization: "Bearer t" },
    body: JSON.stringify(report),
  });
  assert.equal(res.status, 200);
  await res.body?.cancel();
  const chart = await fetch(`${server.url}/static/chart.umd.min.js`);
  assert.equal(chart.status, 200);
  assert.match(await chart.text(), /Chart\.js v4\.6\.1/);
  await server.shutdown();
  Deno.removeSync(dir, { recursive: true });
});

/** Sends one raw HTTP/1.1 request (any Host header, as a DNS-rebound page's would be). */
async function rawRequest(url: string, lines: string[], body = ""): Promise<string> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const head = [...lines, `content-length: ${new TextEncoder().encode(body).length}`];
  await conn.write(
    new TextEncoder().encode(head.join("\r\n") + "\r\nconnection: close\r\n\r\n" + body),
  );
  const text = new TextDecoder().decode(await new Response(conn.readable).arrayBuffer());
  return text;
}

Deno.test("a served dashboard without a token answers its own Host and --allow-host names only", async () => {
  const dir = Deno.makeTempDirSync();
  const server = startServer(
    { port: 0, host: "127.0.0.1", db: `${dir}/d.db`, token: null, allowHosts: ["dash.lab"] },
    true,
  );
  const get = (host: string) => rawRequest(server.url, ["GET /api/runs HTTP/1.1", `host: ${host}`]);
  const port = new URL(server.url).port;
  assert.match(await get(`127.0.0.1:${port}`), /^HTTP\/1\.1 200/);
  assert.match(await get(`localhost:${port}`), /^HTTP\/1\.1 200/);
  assert.match(await get("dash.lab"), /^HTTP\/1\.1 200/);
  const rebound = await get(`evil.example:${port}`);
  assert.match(rebound, /^HTTP\/1\.1 403/);
  assert.match(rebound, /Host 'evil.example:\d+' is not a name of this server/);
  const post = await rawRequest(server.url, [
    "POST /api/reports HTTP/1.1",
    `host: 127.0.0.1:${port}`,
    "origin: http://evil.example",
    "content-type: text/plain",
  ], JSON.stringify(makeReport()));
  assert.match(post, /^HTTP\/1\.1 415/);
  const runs = await (await fetch(`${server.url}/api/runs`)).json();
  assert.deepEqual(runs.runs, []);
  await server.shutdown();
  Deno.removeSync(dir, { recursive: true });
});
