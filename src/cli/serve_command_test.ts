import assert from "node:assert/strict";
import { parseServeArgs, serveCommand } from "./serve_command.ts";

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

Deno.test("serveCommand() exits 2 on a bad flag, before starting anything", async () => {
  const original = console.error;
  const lines: string[] = [];
  console.error = (s: string) => lines.push(s);
  try {
    assert.equal(
      await serveCommand(["--port", "99999"], {
        env: {},
        program: { module: "main.ts", config: "deno.json" },
        startServer: () => {
          throw new Error("must not start");
        },
      }),
      2,
    );
  } finally {
    console.error = original;
  }
  assert.match(lines.join("\n"), /--port must be an integer/);
});

Deno.test("parseServeArgs() takes --allow-host names, repeatable, and refuses one with a port", () => {
  const options = parseServeArgs(["--allow-host", "Dash.Lab", "--allow-host", "::1"], noEnv);
  assert.deepEqual(options.allowHosts, ["dash.lab", "[::1]"]);
  assert.throws(
    () => parseServeArgs(["--allow-host", "dash.lab:8080"], noEnv),
    /--allow-host must be a host name without a port, .*got 'dash.lab:8080'/,
  );
});

Deno.test("serve --nightly checks the cron expression", () => {
  const noEnv = () => undefined;
  assert.equal(parseServeArgs(["--nightly", "0 3 * * *"], noEnv).nightly, "0 3 * * *");
  assert.throws(
    () => parseServeArgs(["--nightly", "3am"], noEnv),
    (e: unknown) => e instanceof Error && e.message.includes("Invalid --nightly schedule '3am'"),
  );
});
