/// <reference lib="dom" />
/**
 * Claims and the paper report in real Chromium, from real tiny sweeps of the three paper-004 suites
 * (`main.ts sweep`, written straight into a database): `main.ts claims --report` writes the report
 * file, which opens with the network off (only the file itself is read), draws a point in every one
 * of its seven charts and prints to PDF; the dashboard serves the same report (its embedded scripts
 * allowed by hash), the Claims page of every suite, and the Claims panel of a sweep page whose
 * evidence links open the runs.
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startServer } from "./serve.ts";
import { CHROMIUM, CHROMIUM_FLAGS, CHROMIUM_PART, SCREENSHOTS } from "./testing/chromium.ts";
import { expectCharts } from "./testing/charts_drawn.ts";
import { ignoreWithout } from "../src/testing/system_parts.ts";
import { SUITES } from "../suites/mod.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** Tiny configs of the paper's suites: seconds each, NTK probes on for Figure 1(a). */
const TINY: [string, string[]][] = [
  ["mlp-mnist", [
    "width=8",
    "epochs=30",
    "trainSize=128",
    "probeEvery=5",
    "ntkK=16",
    "fullNtk=false",
  ]],
  ["width-ablation", [
    "depth=1",
    "epochs=20",
    "trainSize=64",
    "probeEvery=5",
    "ntkK=8",
    "fullNtk=false",
  ]],
  ["cnn-cifar5", [
    "width=2",
    "trainSize=50",
    "epochs=6",
    "ntkK=0",
    "microBatch=50",
    "batchSize=25",
  ]],
];

async function plbench(args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `${args.join(" ")} failed:\n${text}`);
  return text;
}

Deno.test({
  name:
    "the paper report opens offline in Chromium with every chart drawn; the dashboard serves it and the claims",
  ignore: await ignoreWithout(import.meta.url, CHROMIUM_PART),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "plbench-claims-browser-" });
    for (const [suite, sets] of TINY) {
      await plbench([
        "sweep",
        "--suite",
        suite,
        ...sets.flatMap((s) => ["--set", s]),
        "--jobs",
        "2",
        "--quiet",
        "--out",
        `${dir}/out`,
        "--db",
        `${dir}/d.db`,
      ]);
    }
    const report = `${dir}/report.html`;
    const said = await plbench(["claims", "--out", `${dir}/out`, "--report", report]);
    assert.match(said, /claims of mlp-mnist/);
    assert.match(said, /claims of width-ablation/);
    assert.match(said, /claims of cnn-cifar5/);
    const server = startServer(
      { port: 0, host: "127.0.0.1", db: `${dir}/d.db`, token: "t", claimSuites: SUITES },
      true,
    );
    const context = await chromium.launchPersistentContext(`${dir}/profile`, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1300, height: 1000 },
    });
    Deno.mkdirSync(SCREENSHOTS, { recursive: true });
    const shot = (name: string) => new URL(`claims-${name}.png`, SCREENSHOTS).pathname;
    const errors: string[] = [];
    try {
      const page = context.pages()[0] ?? await context.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

      // The file, with the network off: nothing but the file itself is requested.
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await context.setOffline(true);
      await page.goto(`file://${report}`);
      await expectCharts(page, 7, "report file");
      assert.deepEqual(
        requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:")),
        [],
      );
      for (const figure of ["Figure 1", "Table 1", "Table 2", "Figure 2"]) {
        assert.match(await page.textContent("body") ?? "", new RegExp(figure));
      }
      assert.equal(await page.locator('th:has-text("reduced step size")').count(), 1);
      await page.screenshot({ path: shot("report-file"), fullPage: true });
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      assert.equal(new TextDecoder().decode(pdf.slice(0, 5)), "%PDF-");
      await context.setOffline(false);

      // The same report served by the dashboard: its scripts run under the page's CSP.
      const served = await page.goto(`${server.url}/report`);
      assert.match(served?.headers()["content-security-policy"] ?? "", /script-src 'sha256-/);
      await expectCharts(page, 7, "served report");
      await page.click("a[href^='/runs/'] >> nth=0");
      assert.match(page.url(), /\/runs\/[0-9a-f]+$/);

      // Every suite's claims, and a sweep page's Claims panel with links to its evidence runs.
      await page.goto(`${server.url}/claims`);
      const claims = SUITES.reduce((n, s) => n + s.expectations.length, 0);
      assert.equal(await page.locator(".claim").count(), claims);
      await page.screenshot({ path: shot("claims"), fullPage: true });
      await page.click("#suite-width-ablation a[href^='/sweeps/']");
      const ablation = SUITES.find((s) => s.name === "width-ablation")!.expectations.length;
      assert.equal(await page.locator("#claims ~ .claim").count(), ablation);
      await page.click("#claims ~ .claim >> nth=3 >> summary");
      await page.screenshot({ path: shot("sweep-panel"), fullPage: true });
      await page.click("#claims ~ .claim >> nth=3 >> a[href^='/runs/'] >> nth=0");
      assert.match(await page.textContent("h1") ?? "", /Run/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await server.shutdown();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
