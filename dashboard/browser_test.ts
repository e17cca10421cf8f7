/// <reference lib="dom" />
/**
 * The pages in real Chromium (Debian's /usr/bin/chromium driven by playwright-core). The database
 * holds a real small sweep (`main.ts sweep` of a tiny mlp-mnist grid with NTK probes, written
 * straight into it) and a synthetic width x lr sweep (testing/synthetic_sweep.ts) that gives the
 * compare, heatmap and sorting checks more grid points than a test-sized real sweep can afford. The sweep, table, envelope, run, compare and heatmap pages are opened,
 * every chart must have drawn data points, the table sorts, the sweep page follows live progress
 * without a reload, and screenshots land in screenshots/.
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { expectCharts } from "./testing/charts_drawn.ts";
import type { Report } from "../src/report/schema.ts";
import { startServer } from "./serve.ts";
import {
  CHROMIUM,
  CHROMIUM_FLAGS as FLAGS,
  CHROMIUM_PART,
  SCREENSHOTS as SHOTS,
} from "./testing/chromium.ts";
import { ignoreWithout } from "../src/testing/system_parts.ts";
import { openStore } from "./storage/store.ts";
import { syntheticSweep } from "./testing/synthetic_sweep.ts";
import { SUITES } from "../suites/mod.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** Runs a real small sweep that writes its reports into `db`; returns its output. */
async function realSweep(dir: string, db: string): Promise<string> {
  Deno.mkdirSync(`${dir}/out`, { recursive: true });
  const args = ["run", "-A", MAIN, "sweep", "--suite", "mlp-mnist", "--grid", "width=8,16"];
  args.push("--grid", "seed=0,1,2", "--set", "epochs=40", "--set", "trainSize=200");
  args.push("--set", "lr=0.02", "--set", "probeEvery=5", "--set", "ntkK=16");
  args.push("--set", "fullNtk=false", "--jobs", "2", "--quiet");
  args.push("--out", `${dir}/out`, "--db", db);
  const out = await new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `the sweep failed:\n${text}`);
  return text;
}

Deno.test({
  name: "the dashboard pages draw their charts in Chromium and the sweep page updates live",
  ignore: await ignoreWithout(import.meta.url, CHROMIUM_PART),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "plbench-browser-" });
    const reports: Report[] = syntheticSweep({
      widths: [128, 256, 512],
      lrs: [0.001, 0.0005],
      diverged: [5],
    });
    const sweepId = reports[0]!.sweep.id;
    const held = reports.pop()!;
    await realSweep(dir, `${dir}/d.db`);
    const store = openStore(`${dir}/d.db`);
    store.upsertReports(reports);
    const real = store.listSweeps().find((s) => s.suite === "mlp-mnist")!;
    const realRun = store.listRuns({ sweep: real.id, status: "complete" })[0]!;
    store.close();
    const server = startServer(
      { port: 0, host: "127.0.0.1", db: `${dir}/d.db`, token: "t", claimSuites: SUITES },
      true,
    );
    const context = await chromium.launchPersistentContext(`${dir}/profile`, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1400, height: 1000 },
    });
    Deno.mkdirSync(SHOTS, { recursive: true });
    const errors: string[] = [];
    try {
      const page = context.pages()[0] ?? await context.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      const base = `${server.url}/sweeps/${encodeURIComponent(sweepId)}`;
      const shot = (name: string) =>
        page.screenshot({ path: new URL(`dashboard-${name}.png`, SHOTS).pathname, fullPage: true });

      await page.goto(server.url + "/");
      assert.match(await page.textContent("body") ?? "", /width-ablation-synthetic/);
      assert.match(await page.textContent("body") ?? "", /mlp-mnist/);
      await shot("sweeps");

      // The real sweep: sweep page, table (one row per width), envelope and run pages.
      const realBase = `${server.url}/sweeps/${encodeURIComponent(real.id)}`;
      await page.goto(realBase);
      assert.equal(await page.textContent('[data-count="complete"]'), "6");
      await shot("real-sweep");
      await page.goto(`${realBase}/table`);
      assert.equal(await page.locator("#cross-seed tbody tr").count(), 2);
      // the decay column lists each seed's verdict
      const verdicts = await page.$$eval(
        "#cross-seed td.decay",
        (cells) => cells.map((c) => c.textContent ?? ""),
      );
      assert.equal(verdicts.length, 2);
      for (const v of verdicts) {
        assert.match(v, /^((geometric|power|linear|undetermined) \d(, )?)+$/);
      }
      await shot("real-table");
      await page.goto(`${realBase}/points/${realRun.pointId}`);
      await expectCharts(page, 6, "real envelope page (with the sharpness)");
      await shot("real-envelope");
      // the gap panel against L* = 0 and against the fitted L_inf
      for (const lstar of ["zero", "fit"]) {
        await page.click(`a[href$="lstar=${lstar}"]`);
        await page.waitForURL(new RegExp(`lstar=${lstar}$`));
        if (lstar === "zero") await expectCharts(page, 6, "envelope page, L* = 0");
        assert.match(await page.textContent("body") ?? "", new RegExp(`L\\* of the gap`));
      }
      await shot("real-envelope-fit");
      await page.goto(`${server.url}/runs/${realRun.id}`);
      await expectCharts(page, 6, "real run page (with the sharpness and rate panels)");
      const checks = await page.$$eval(
        "table.verdicts tr th",
        (ths) => ths.map((t) => t.textContent),
      );
      assert.ok(checks.includes("decay, post-transient run"), String(checks));
      assert.ok(checks.includes("PL min, L* = 0"), String(checks));
      await shot("real-run");

      // Sweep page: live progress over server-sent events, no reload.
      await page.goto(base);
      await page.waitForFunction(() => document.querySelector("[data-live]") !== null);
      const before = await page.textContent('[data-count="complete"]');
      await page.waitForTimeout(300);
      const post = (path: string, body: unknown) =>
        fetch(server.url + path, {
          method: "POST",
          headers: { authorization: "Bearer t" },
          body: JSON.stringify(body),
        }).then((r) => r.text());
      await post("/api/heartbeats", {
        runId: held.id,
        sweepId,
        epoch: 7,
        epochs: 120,
        loss: 0.0123,
      });
      await page.waitForSelector(`#live a[href="/runs/${held.id}"]`, { timeout: 5000 });
      await shot("sweep-live");
      await post("/api/reports", held);
      await page.waitForFunction(
        (n) => document.querySelector('[data-count="complete"]')?.textContent === String(n),
        Number(before) + 1,
        { timeout: 5000 },
      );
      // The finished run leaves the running cells with the next delta (at most a second later).
      await page.waitForFunction(
        () => document.querySelector("#live tbody")?.textContent === "none",
        undefined,
        { timeout: 5000 },
      );

      // Cross-seed table: one row per grid point, sortable by clicking a header.
      await page.goto(`${base}/table?metrics=params,lambda0,finalDrift,plMin`);
      assert.equal(await page.locator("#cross-seed tbody tr").count(), 6);
      const drift = () =>
        page.$$eval(
          "#cross-seed tbody tr",
          (rows) => rows.map((r) => Number((r.children[9] as HTMLElement).dataset.v)),
        );
      await page.click('#cross-seed th:has-text("final drift") >> nth=0');
      const asc = await drift();
      assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
      await page.click('#cross-seed th:has-text("final drift") >> nth=0');
      const desc = await drift();
      assert.deepEqual(desc, [...asc].reverse());
      await shot("table");

      // The CSP is in force (in a tab of its own, whose console refusal is expected): an inline
      // script added to the page does not run.
      const probe = await context.newPage();
      await probe.goto(`${base}/table`);
      const inline = await probe.evaluate(() => {
        const script = document.createElement("script");
        script.textContent = "document.body.dataset.inline = 'ran'";
        document.body.append(script);
        return document.body.dataset.inline ?? "blocked";
      });
      assert.equal(inline, "blocked");
      await probe.close();

      // Envelopes of the first grid point, a run, compare and heatmap.
      const point = await page.$eval("#cross-seed tbody tr a", (a) => a.getAttribute("href"));
      await page.goto(server.url + point);
      await expectCharts(page, 5, "envelope page");
      assert.match(await page.textContent("body") ?? "", /geometric mean/);
      await shot("envelope");

      await page.goto(`${server.url}/runs/${reports[0]!.id}`);
      await expectCharts(page, 4, "run page");
      await shot("run");

      const points = await page.request.get(
        `${server.url}/api/sweeps/${encodeURIComponent(sweepId)}`,
      )
        .then((r) => r.json()) as { points: { pointId: string; config: { width: number } }[] };
      const chosen = points.points.filter((p) => p.config.width === 512).map((p) => p.pointId);
      await page.goto(`${base}/compare?${chosen.map((p) => `point=${p}`).join("&")}`);
      await expectCharts(page, 4, "compare page");
      await shot("compare");

      await page.goto(`${base}/heatmap?metric=finalDrift&x=width&y=lr`);
      assert.equal(await page.locator("#heatmap td[data-v]").count(), 6);
      await shot("heatmap");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await server.shutdown();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
