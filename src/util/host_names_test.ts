import assert from "node:assert/strict";
import { hostName, isLoopback, normalHostName } from "./host_names.ts";

Deno.test("hostName() reads the name of a Host header and refuses what is not one", () => {
  assert.equal(hostName("127.0.0.1:8080"), "127.0.0.1");
  assert.equal(hostName("LocalHost"), "localhost");
  assert.equal(hostName("[::1]:80"), "[::1]");
  assert.equal(hostName("evil.example@127.0.0.1"), null);
  assert.equal(hostName("a b"), null);
  assert.equal(hostName(""), null);
});

Deno.test("isLoopback() accepts loopback addresses only", () => {
  for (const host of ["localhost", "::1", "127.0.0.1", "127.1.2.3"]) {
    assert.ok(isLoopback(host), host);
  }
  for (const host of ["0.0.0.0", "128.0.0.1", "dash.lab", "::"]) assert.ok(!isLoopback(host), host);
});

Deno.test("normalHostName() lowercases and brackets IPv6", () => {
  assert.equal(normalHostName(" Dash.Lab "), "dash.lab");
  assert.equal(normalHostName("::1"), "[::1]");
  assert.equal(normalHostName("[::1]"), "[::1]");
});
