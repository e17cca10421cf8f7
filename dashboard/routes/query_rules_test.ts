import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { openStore, type Store } from "../storage/store.ts";
import { syntheticSweep } from "../testing/synthetic_sweep.ts";
import { checkQuery, QUERY_RULES, ruleFor } from "./query_rules.ts";

function refusal(url: string): string {
  const path = new URL(url, "http://x").pathname;
  try {
    checkQuery(url, path);
  } catch (e) {
    return (e as Error).message;
  }
  return "accepted";
}

Deno.test("checkQuery() takes each page's parameters and refuses unknown, repeated and too many", () => {
  assert.equal(refusal("/api/runs?suite=a&limit=5&offset=0"), "accepted");
  assert.equal(refusal("/report?sweep=a&sweep=b&sweep=c"), "accepted");
  assert.equal(refusal("/sweeps/s/compare?point=a&point=b"), "accepted");
  assert.equal(refusal("/"), "accepted");
  assert.match(refusal("/?x=1"), /Unknown query parameter 'x' for \/: it takes none/);
  assert.match(refusal("/api/runs?limit=1&limit=2"), /'limit' is given more than once/);
  assert.match(refusal("/api/runs?sort=id"), /'sort' for \/api\/runs: it takes suite, status/);
  assert.match(refusal("/report?sweep=a&sweep=a"), /'sweep' names 'a' more than once/);
  assert.match(refusal("/report?sweep=a&sweep=b&sweep=c&sweep=d"), /at most 3/);
  assert.match(refusal(`/api/runs?suite=${"x".repeat(20_000)}`), /the most taken is 16384/);
});

Deno.test("ruleFor() picks a named route before a pattern with a path parameter", () => {
  assert.equal(ruleFor("/nightly/history")?.[0], "/nightly/history");
  assert.equal(ruleFor("/nightly/2026-01-01"), null);
  assert.equal(ruleFor("/sweeps/a%2Fb/points/p1")?.[0], "/sweeps/:sweep/points/:point");
});

Deno.test("every route a query rule names is a route of the app", () => {
  const app = createApp({ store: openStore(":memory:"), token: "t" });
  const routes = new Set(app.routes.filter((r) => r.method === "GET").map((r) => r.path));
  for (const route of Object.keys(QUERY_RULES)) assert.ok(routes.has(route), route);
});

Deno.test("/report with one 24-run sweep named 1,000, 2,000 or 4,000 times is refused before any report is read", async () => {
  const dir = await Deno.makeTempDir();
  const store = openStore(`${dir}/d.db`);
  const sweep = syntheticSweep({
    suite: "mlp-mnist",
    sweepId: "copies",
    widths: [128, 256],
    lrs: [0.001, 0.003],
    seeds: [0, 1, 2, 3, 4, 5],
    epochs: 20,
  });
  assert.equal(sweep.length, 24);
  store.upsertReports(sweep);
  const calls: string[] = [];
  const counted = new Proxy(store, {
    get(target, name) {
      const v = Reflect.get(target, name);
      return typeof v === "function"
        ? (...args: unknown[]) => (calls.push(String(name)), v.apply(target, args))
        : v;
    },
  }) as Store;
  const app = createApp({ store: counted, token: "t" });
  for (const n of [1000, 2000, 4000]) {
    const query = Array.from({ length: n }, () => "sweep=copies").join("&");
    const res = await app.request(`/report?${query}`);
    assert.equal(res.status, 400);
    assert.match(
      await res.text(),
      n === 1000 ? /names \S*copies\S* more than once/ : /The query string is \d+ characters long/,
    );
  }
  const short = await app.request("/report?sweep=copies&sweep=copies");
  assert.equal(short.status, 400);
  assert.match(await short.text(), /names \S*copies\S* more than once/);
  assert.deepEqual(calls, [], "nothing was read for a refused request");
  const once = await app.request("/report?sweep=copies");
  assert.equal(once.status, 200);
  assert.match(await once.text(), /copies/);
  store.close();
  await Deno.remove(dir, { recursive: true });
});
