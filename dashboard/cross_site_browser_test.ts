/// <reference lib="dom" />
/**
 * Cross-site attacks on a dashboard served without a token, from a real Chromium: a page on
 * another origin (a second local server) posts a report as a text/plain form, as a no-cors fetch
 * and as a JSON fetch, tries to read the runs, and frames the dashboard; a name that resolves to
 * the dashboard's address (Chromium's host resolver rules, as DNS rebinding would make it) asks for
 * its pages. Nothing may be stored or read; the same write from the dashboard's own page is stored.
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startServer } from "./serve.ts";
import { CHROMIUM, CHROMIUM_FLAGS, CHROMIUM_PART } from "./testing/chromium.ts";
import { ignoreWithout } from "../src/testing/system_parts.ts";
import { makeReport } from "../src/testing/report_factory.ts";
import { openStore } from "./storage/store.ts";

function attackPage(dashboard: string, report: string): string {
  return `<!doctype html><title>a page elsewhere</title>
<form id="f" method="post" enctype="text/plain" target="sink" action="${dashboard}/api/reports">
<input type="hidden" name='${report.slice(0, -1)},"x":"' value='"}'></form>
<iframe name="sink"></iframe><iframe id="framed" src="${dashboard}/"></iframe>
<script>
window.results = {};
(async () => {
  document.getElementById("f").submit();
  const body = ${JSON.stringify(report)};
  const url = "${dashboard}/api/reports";
  const note = (k, p) => p.then((r) => (results[k] = r.type + ":" + r.status), (e) => (results[k] = "error"));
  await note("noCors", fetch(url, { method: "POST", mode: "no-cors", body, headers: { "content-type": "text/plain" } }));
  await note("json", fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } }));
  await note("read", fetch("${dashboard}/api/runs"));
  await note("own", fetch("/ping"));
  results.done = true;
})();
</script>`;
}

Deno.test({
  name: "a foreign page in Chromium can neither write to nor read a dashboard without a token",
  ignore: await ignoreWithout(import.meta.url, CHROMIUM_PART),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "plbench-cross-site-" });
    const server = startServer(
      { port: 0, host: "127.0.0.1", db: `${dir}/d.db`, token: null },
      true,
    );
    const report = makeReport();
    const evil = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
      if (new URL(req.url).pathname === "/ping") return new Response("pong");
      return new Response(attackPage(server.url, JSON.stringify(report)), {
        headers: { "content-type": "text/html" },
      });
    });
    const port = new URL(server.url).port;
    const context = await chromium.launchPersistentContext(`${dir}/profile`, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_FLAGS, "--host-resolver-rules=MAP rebound.example 127.0.0.1"],
    });
    try {
      const page = context.pages()[0] ?? await context.newPage();
      await page.goto(`http://127.0.0.1:${evil.addr.port}/`);
      await page.waitForFunction(() =>
        (globalThis as unknown as { results: { done?: boolean } })
          .results?.done === true
      );
      const results = await page.evaluate(() =>
        (globalThis as unknown as { results: Record<string, unknown> }).results
      );
      assert.equal(results.own, "basic:200"); // the attacking script did run
      assert.equal(results.noCors, "opaque:0");
      assert.equal(results.json, "error"); // preflight refused: no CORS
      assert.equal(results.read, "error"); // the runs cannot be read across origins
      await page.waitForTimeout(500); // the form post has landed in the sink frame
      const framed = page.frames().find((f) => f.url().startsWith(server.url));
      assert.equal(await framed?.evaluate(() => document.title).catch(() => null) ?? null, null);

      // DNS rebinding: a name of the attacker's resolving to the dashboard's address
      const rebound = await page.goto(`http://rebound.example:${port}/api/runs`);
      assert.equal(rebound?.status(), 403);

      const store = openStore(`${dir}/d.db`);
      assert.equal(store.listRuns().length, 0, "a cross-site write was stored");
      store.close();

      // The same write from the dashboard's own page is stored.
      await page.goto(`${server.url}/`);
      const status = await page.evaluate(
        (body) =>
          fetch("/api/reports", {
            method: "POST",
            body,
            headers: { "content-type": "application/json" },
          }).then((r) => r.status),
        JSON.stringify(report),
      );
      assert.equal(status, 200);
      const after = openStore(`${dir}/d.db`);
      assert.equal(after.listRuns().length, 1);
      after.close();
    } finally {
      await context.close();
      await evil.shutdown();
      await server.shutdown();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
