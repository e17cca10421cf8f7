import assert from "node:assert/strict";
import { main, parseServeArgs, startServer } from "./serve.ts";
import { makeReport } from "../src/testing/report_factory.ts";

const noEnv = () => undefined;

Deno.test("parseServeArgs() has loopback defaults and takes the token from PLBENCH_TOKEN", () => {
  assert.deepEqual(parseServeArgs([], noEnv), {
    port: 8080,
    host: "127.0.0.1",
    db: "plbench.db",
    token: null,
  });
  const env = (n: string) => (n === "PLBENCH_TOKEN" ? "s3cret" : undefined);
  assert.equal(parseServeArgs(["--host", "0.0.0.0"], env).token, "s3cret");
  assert.equal(parseServeArgs(["--token", "cli"], env).token, "cli");
});

Deno.test("parseServeArgs() refuses a non-loopback host without a token, and bad flags", () => {
  assert.throws(
    () => parseServeArgs(["--host", "0.0.0.0"], noEnv),
    /Refusing to serve on host '0.0.0.0' without a token/,
  );
  assert.throws(
    () => parseServeArgs(["--port", "80a"], noEnv),
    /--port must be an integer from 0 to 65535, got '80a'/,
  );
  assert.throws(
    () => parseServeArgs(["--bogus"], noEnv),
    /Cannot parse serve arguments: .*--bogus/,
  );
});

Deno.test("main() exits 2 on a bad flag", async () => {
  const original = console.error;
  const lines: string[] = [];
  console.error = (s: string) => lines.push(s);
  try {
    assert.equal(await main(["--port", "99999"]), 2);
  } finally {
    console.error = original;
  }
  assert.match(lines.join("\n"), /--port must be an integer/);
});

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
