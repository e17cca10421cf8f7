/**
 * The Nightly pages in real Chromium: three real nights of an exact toy (record, identical night,
 * halved step size) uploaded to a real dashboard; the night list, the regressed night with links to
 * its runs, and the history chart with its baseline band are opened and screenshotted.
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { nightlyCommand } from "../src/cli/nightly_command.ts";
import { toyNightDeps } from "../src/nightly/testdata/toy_night.ts";
import { startServer } from "./serve.ts";
import {
  CHROMIUM,
  CHROMIUM_FLAGS as FLAGS,
  CHROMIUM_PART,
  SCREENSHOTS as SHOTS,
} from "./testing/chromium.ts";
import { ignoreWithout } from "../src/testing/system_parts.ts";

Deno.test({
  name: "the Nightly pages show real nights, a regression's runs and a history chart in Chromium",
  ignore: await ignoreWithout(import.meta.url, CHROMIUM_PART),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "plbench-nightly-browser-" });
    const server = startServer({ port: 0, host: "127.0.0.1", db: `${dir}/d.db`, token: "t" }, true);
    const deps = toyNightDeps({ PLBENCH_TOKEN: "t" }, () => {});
    const baseline = `${dir}/baseline.json`;
    const context = await chromium.launchPersistentContext(`${dir}/profile`, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1300, height: 900 },
    });
    const errors: string[] = [];
    try {
      assert.equal(
        await nightlyCommand(["nightly", "--no-compare", "--out", `${dir}/n0`], deps),
        0,
      );
      assert.equal(
        await nightlyCommand(["baseline", "--from", `${dir}/n0`, "--out", baseline], deps),
        0,
      );
      const up = ["--baseline", baseline, "--upload", server.url];
      assert.equal(await nightlyCommand(["nightly", "--out", `${dir}/n1`, ...up], deps), 0);
      assert.equal(
        await nightlyCommand(["nightly", "--out", `${dir}/n2`, ...up, "--set", "lr=0.0005"], deps),
        1,
      );

      Deno.mkdirSync(SHOTS, { recursive: true });
      const page = context.pages()[0] ?? await context.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      const shot = (name: string) =>
        page.screenshot({ path: new URL(`nightly-${name}.png`, SHOTS).pathname, fullPage: true });

      await page.goto(`${server.url}/`);
      await page.click('header a[href="/nightly"]');
      await page.waitForURL(/\/nightly$/);
      assert.equal(await page.locator("table").first().locator("tr").count(), 3); // head + 2 nights
      assert.equal(await page.locator(".badge.bad").count(), 1);
      await page.waitForFunction(() => "nightlyCharts" in globalThis);
      assert.ok(await page.locator("canvas[data-nightly-chart]").count() >= 2);
      await shot("nights");

      await page.locator(".badge.bad").locator("xpath=ancestor::tr//a").first().click();
      await page.waitForURL(/\/nightly\/[^/]+$/);
      const regressed = page.locator("tr", { has: page.locator("td.v-regressed") });
      assert.ok(await regressed.count() >= 2);
      const contraction = regressed.filter({ hasText: "contraction" });
      assert.equal(await contraction.locator('a[href^="/runs/"]').count(), 2);
      await shot("night");

      await contraction.locator('a[href^="/nightly/history"]').click();
      await page.waitForURL(/\/nightly\/history/);
      await page.waitForFunction(() => "nightlyCharts" in globalThis);
      const drawn = await page.evaluate(() => {
        type ChartLike = {
          data: { datasets: { label: string }[] };
          getDatasetMeta(i: number): { data: unknown[] };
        };
        const g = globalThis as unknown as {
          document: { querySelector(selector: string): unknown };
          Chart: { getChart(canvas: unknown): ChartLike };
        };
        const chart = g.Chart.getChart(g.document.querySelector("#nightly-chart-0"));
        return chart.data.datasets.map((d, i) => [d.label, chart.getDatasetMeta(i).data.length]);
      });
      assert.deepEqual(drawn, [
        ["baseline + tolerance", 2],
        ["baseline - tolerance", 2],
        ["baseline", 2],
        ["contraction", 2],
      ]);
      await shot("history");

      await page.goBack();
      await contraction.locator('a[href^="/runs/"]').first().click();
      await page.waitForURL(/\/runs\//);
      assert.match(await page.textContent("body") ?? "", /lemniscate/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await server.shutdown();
    }
  },
});
