import assert from "node:assert/strict";
import {
  checkCronExpression,
  type CronFunction,
  type CronHandler,
  nightlyCommandLine,
  scheduleNightly,
  subprocessRunner,
} from "./schedule.ts";
import { PROGRAM } from "../../main.ts";

/** A cron that records registrations and fires only when the test says so. */
function manualCron() {
  const jobs: { name: string; schedule: string; handler: CronHandler; signal?: AbortSignal }[] = [];
  const cron: CronFunction = (name, schedule, options, handler) => {
    jobs.push({ name, schedule, handler, signal: options.signal });
    return Promise.resolve();
  };
  return { cron, jobs };
}

function denoEval(code: string): string[] {
  return [Deno.execPath(), "eval", code];
}

Deno.test("checkCronExpression() refuses a schedule without five fields, naming it", () => {
  assert.equal(checkCronExpression(" 0 3 * * * "), "0 3 * * *");
  assert.throws(
    () => checkCronExpression("0 3 * *"),
    (e: unknown) =>
      e instanceof RangeError && e.message.includes("Invalid --nightly schedule '0 3 * *'"),
  );
});

Deno.test("scheduleNightly() registers the job and a firing runs the night in a subprocess", async () => {
  const { cron, jobs } = manualCron();
  const log = await Deno.makeTempFile({ suffix: ".log" });
  const runner = subprocessRunner(denoEval("console.log('night ran'); Deno.exit(1)"), log);
  const s = scheduleNightly("0 3 * * *", runner, { cron });
  assert.deepEqual(jobs.map((j) => [j.name, j.schedule]), [["plbench-nightly", "0 3 * * *"]]);
  await jobs[0]!.handler();
  assert.equal(s.runs.length, 1);
  assert.equal(s.runs[0]!.code, 1);
  assert.match(await Deno.readTextFile(log), /night ran/);
  s.stop();
  assert.equal(jobs[0]!.signal?.aborted, true);
});

Deno.test("a crashing night does not throw in the scheduling process, and the next night runs", async () => {
  const { cron, jobs } = manualCron();
  const log = await Deno.makeTempFile({ suffix: ".log" });
  const runner = subprocessRunner(denoEval("throw new Error('boom in the night')"), log);
  const s = scheduleNightly("*/5 * * * *", runner, { cron });
  await jobs[0]!.handler();
  await jobs[0]!.handler();
  assert.deepEqual(s.runs.map((r) => r.code), [1, 1]);
  assert.equal((await Deno.readTextFile(log)).match(/Uncaught.*boom in the night/g)?.length, 2);
});

Deno.test("a firing while a night still runs is skipped, so nights never overlap", async () => {
  const { cron, jobs } = manualCron();
  const runner = subprocessRunner(denoEval("await new Promise((r) => setTimeout(r, 300))"), null);
  const s = scheduleNightly("0 3 * * *", runner, { cron });
  await Promise.all([jobs[0]!.handler(), jobs[0]!.handler()]);
  await s.idle();
  assert.deepEqual(s.runs.map((r) => r.code), [0]);
});

Deno.test("subprocessRunner() passes the token to the night in its environment", async () => {
  const log = await Deno.makeTempFile({ suffix: ".log" });
  const code = "console.log('token=' + Deno.env.get('PLBENCH_TOKEN'))";
  const run = await subprocessRunner(denoEval(code), log, { PLBENCH_TOKEN: "s3cret" })();
  assert.equal(run.code, 0);
  assert.match(await Deno.readTextFile(log), /token=s3cret/);
});

Deno.test("a command that cannot start is reported as code 127", async () => {
  const run = await subprocessRunner(["/nonexistent/plbench-binary"], null)();
  assert.equal(run.code, 127);
});

Deno.test("scheduleNightly() registers with the real Deno.cron and unregisters on stop()", async () => {
  let fired = false;
  const s = scheduleNightly("0 3 * * *", () => {
    fired = true;
    return Promise.reject(new Error("must not fire"));
  });
  s.stop();
  await s.registered;
  assert.equal(fired, false);
});

Deno.test("the scheduled command starts the real nightly CLI from any working directory", async () => {
  const log = await Deno.makeTempFile({ suffix: ".log" });
  const before = Deno.cwd();
  Deno.chdir(await Deno.makeTempDir());
  try {
    const run = await subprocessRunner(nightlyCommandLine(PROGRAM, ["--help"]), log)();
    assert.equal(run.code, 0, await Deno.readTextFile(log));
  } finally {
    Deno.chdir(before);
  }
  assert.match(await Deno.readTextFile(log), /deno task nightly \[--baseline FILE\]/);
});
