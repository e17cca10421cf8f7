import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createApp } from "../app.ts";
import { openStore } from "../storage/store.ts";
import { fixtureSweep } from "../../src/testing/sweep_fixtures.ts";
import { logisticSuite } from "../../suites/logistic.ts";
import { widthAblationSuite } from "../../suites/width_ablation.ts";
import { SUITES } from "../../suites/mod.ts";
import type { SweepClaims } from "../../src/claims/evaluate.ts";

const logistic = fixtureSweep(logisticSuite, () => ({
  summary: { boundHolds: true, lossOverBoundFinal: 0.001 },
}));
const ablation = fixtureSweep(widthAblationSuite, (c) => ({
  summary: {
    lambda0: c.width / 500,
    lStar: 0.5 - c.width / 5000,
    finalDrift: 0.2,
    ntkDriftPct: 10,
  },
}));

function app() {
  const store = openStore(":memory:");
  return { store, app: createApp({ store, claimSuites: SUITES }) };
}

Deno.test("the sweep page's Claims panel and /api/claims follow the stored reports as they arrive", async () => {
  const { store, app: a } = app();
  store.upsertReports(logistic.slice(0, 2));
  const sweep = logistic[0]!.sweep.id;
  const verdicts = async () => {
    const body = await (await a.request(`/api/claims?sweep=${sweep}`)).json() as {
      sweeps: SweepClaims[];
    };
    return body.sweeps[0]!.results.map((r) => r.verdict);
  };
  assert.deepEqual(await verdicts(), ["inconclusive", "inconclusive"]);
  store.upsertReports(logistic.slice(2));
  // the bound flags hold on all three seeds now; the decay claim has no decay verdicts to read
  assert.deepEqual(await verdicts(), ["holds", "inconclusive"]);
  const page = await (await a.request(`/sweeps/${sweep}`)).text();
  assert.match(page, /<h2 id="claims">Claims<\/h2>/);
  assert.match(page, /1 hold, 0 fail, 1 inconclusive on 3 of 3 cells with data/);
  for (const r of logistic) assert.match(page, new RegExp(`href="/runs/${r.id}"`));
  const missing = await a.request("/api/claims?sweep=nope");
  assert.equal(missing.status, 404);
  store.close();
});

Deno.test("/claims lists every suite's claims, with the latest sweep's verdicts or no sweep yet", async () => {
  const { store, app: a } = app();
  store.upsertReports([...logistic, ...ablation]);
  const page = await (await a.request("/claims")).text();
  for (const suite of SUITES) assert.match(page, new RegExp(`<section id="suite-${suite.name}">`));
  const blocks = page.match(/class="claim[ "]/g) ?? [];
  assert.equal(blocks.length, SUITES.reduce((n, s) => n + s.expectations.length, 0));
  assert.match(page, /No sweep stored yet: <code>deno task sweep --suite lemniscate<\/code>/);
  assert.match(page, /id="claim-logistic-under-lambert-bound"/);
  store.close();
});

Deno.test("/report is the paper report, its inline scripts allowed by hash; other suites' sweeps are refused", async () => {
  const { store, app: a } = app();
  store.upsertReports([...logistic, ...ablation]);
  const res = await a.request("/report");
  assert.equal(res.status, 200);
  const html = await res.text();
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const csp = res.headers.get("content-security-policy") ?? "";
  assert.equal(scripts.length, 0, "no figures without mlp-mnist or cnn-cifar5: no scripts");
  assert.match(csp, /script-src 'none'/);
  assert.match(html, /width 1024, lr 0.0004/);
  assert.match(html, /No <code>mlp-mnist<\/code> reports among the dashboard sweeps/);
  const refused = await a.request(`/report?sweep=${logistic[0]!.sweep.id}`);
  assert.equal(refused.status, 400);
  assert.match(
    await refused.text(),
    /The paper report shows the suites mlp-mnist, width-ablation, cnn-cifar5; got a sweep of logistic/,
  );
  store.close();
});

Deno.test("/report's CSP lists the sha256 of each inline script it embeds", async () => {
  const { store, app: a } = app();
  const mlp = fixtureSweep(SUITES[0]!, (c) => ({
    series: {
      epoch: [0, 1, 2],
      loss: [1, 0.5, 0.25],
      gradNormSq: [1, 0.5, 0.25],
      drift: [0, 0.1, 0.2],
      lr: [c.lr, c.lr, c.lr],
      seconds: [0, 1, 2],
    },
  }));
  store.upsertReports(mlp);
  const res = await a.request("/report");
  const html = await res.text();
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 2);
  const csp = res.headers.get("content-security-policy") ?? "";
  for (const s of scripts) {
    const hash = createHash("sha256").update(s, "utf8").digest("base64");
    assert.ok(csp.includes(`'sha256-${hash}'`), "each script's hash is allowed");
  }
  store.close();
});
