/**
 * `serve --nightly` end to end: a real dashboard, a fired schedule, the night in a real subprocess
 * (`main.ts nightly --upload`, the lemniscate entry of the real nightly set) and its verdicts and
 * runs on the dashboard. The cron is fired by hand (Deno.cron fires at most once a minute; its real
 * registration is tested in nightly_routes_test.ts).
 */
import assert from "node:assert/strict";
import { nightlyCommand } from "../src/cli/nightly_command.ts";
import type { NightReport } from "../src/nightly/night_report.ts";
import { defaultDeps, PROGRAM } from "../main.ts";
import { type CronHandler, startNightlySchedule } from "../src/nightly/schedule.ts";
import { startServer } from "./serve.ts";

Deno.test("a fired nightly schedule runs the night in a subprocess and its verdicts reach the dashboard", async () => {
  const dir = await Deno.makeTempDir();
  const deps = { ...defaultDeps(), say: () => {} };
  const only = ["--only", "lemniscate"];
  assert.equal(
    await nightlyCommand(["nightly", ...only, "--no-compare", "--out", `${dir}/n0`], deps),
    0,
  );
  assert.equal(
    await nightlyCommand(["baseline", "--from", `${dir}/n0`, "--out", `${dir}/b.json`], deps),
    0,
  );

  const server = startServer({ port: 0, host: "127.0.0.1", db: `${dir}/d.db`, token: "t" }, true);
  const handlers: CronHandler[] = [];
  const schedule = startNightlySchedule("0 3 * * *", PROGRAM, server.url, "t", {
    cron: (_name, _expr, _options, handler) => {
      handlers.push(handler);
      return Promise.resolve();
    },
    logFile: `${dir}/scheduled.log`,
    extraArgs: [...only, "--baseline", `${dir}/b.json`, "--out", `${dir}/n1`],
  });
  try {
    await handlers[0]!();
    const log = await Deno.readTextFile(`${dir}/scheduled.log`);
    assert.equal(schedule.runs[0]?.code, 0, log);
    const nights = await (await fetch(`${server.url}/api/nightly`)).json();
    assert.equal(nights.length, 1);
    const night = await (await fetch(`${server.url}/api/nightly/${nights[0].id}`))
      .json() as NightReport;
    assert.equal(night.regressed, false);
    assert.ok(night.counts.pass >= 20);
    const runId = Object.values(night.verdicts[0]!.runs)[0]!;
    const run = await fetch(`${server.url}/api/runs/${runId}`);
    assert.equal(run.status, 200);
    assert.equal((await run.json()).suite, "lemniscate");
  } finally {
    schedule.stop();
    await server.shutdown();
  }
});
