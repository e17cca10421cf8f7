/**
 * Report folders read as untrusted input, from the probe's reproduction: a `<id>.json` that is a
 * symlink to /dev/zero, a FIFO, a file over the size cap, a folder or a dangling symlink is skipped
 * at once with its reason by the folder reader, `claims`, `upload` and a resumed sweep; `upload`
 * exits 1 when it sent nothing while files were skipped.
 */
import assert from "node:assert/strict";
import { listReports, readReport, reportPath, writeReport } from "../spool/store_files.ts";
import { MAX_REPORT_FILE_BYTES } from "../spool/report_file.ts";
import { makeReport } from "../testing/report_factory.ts";
import { main } from "../../main.ts";
import { realDeps, recorder } from "./testdata/deps.ts";
import { uploadCommand } from "./upload_command.ts";

const IDS = {
  zero: "0000000000000000000a",
  fifo: "0000000000000000000b",
  huge: "0000000000000000000c",
  folder: "0000000000000000000d",
  dangling: "0000000000000000000e",
  junk: "0000000000000000000f",
};

/** A folder of hostile report files (and, when `good`, one valid report and a symlink to it). */
async function hostileFolder(good: boolean): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.symlink("/dev/zero", reportPath(dir, IDS.zero));
  const fifo = await new Deno.Command("mkfifo", { args: [reportPath(dir, IDS.fifo)] }).output();
  assert.ok(fifo.success, "mkfifo");
  using huge = await Deno.open(reportPath(dir, IDS.huge), { write: true, create: true });
  await huge.truncate(MAX_REPORT_FILE_BYTES + 1); // sparse: costs no disk
  await Deno.mkdir(reportPath(dir, IDS.folder));
  await Deno.symlink(`${dir}/gone.json`, reportPath(dir, IDS.dangling));
  await Deno.writeTextFile(reportPath(dir, IDS.junk), "{ not json");
  if (good) {
    await writeReport(dir, makeReport());
    const elsewhere = await Deno.makeTempDir();
    const linked = makeReport({ config: { seed: 1 } });
    await writeReport(elsewhere, linked);
    await Deno.symlink(reportPath(elsewhere, linked.id), reportPath(dir, linked.id));
  }
  return dir;
}

/** Fails instead of hanging when `work` waits on a FIFO. */
function within<T>(seconds: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function expectEverySkipped(lines: string, dir: string) {
  const reasons: [string, RegExp][] = [
    [IDS.zero, /a symlink to a character device, not a regular file/],
    [IDS.fifo, /a FIFO, not a regular file/],
    [IDS.huge, new RegExp(`${MAX_REPORT_FILE_BYTES + 1} bytes, over the ${MAX_REPORT_FILE_BYTES}`)],
    [IDS.folder, /a folder, not a regular file/],
    [IDS.dangling, /a symlink to nothing/],
    [IDS.junk, /JSON/],
  ];
  for (const [id, reason] of reasons) {
    const line = lines.split("\n").find((l) => l.includes(reportPath(dir, id)));
    assert.ok(line !== undefined, `${id} named in:\n${lines}`);
    assert.match(line, reason);
  }
}

Deno.test("listReports() names each hostile file with its reason and reads the valid report, through a symlink too", async () => {
  const dir = await hostileFolder(true);
  const skipped: string[] = [];
  const reports = await within(10, listReports(dir, (p, r) => skipped.push(`${p}: ${r}`)));
  assert.equal(reports.length, 2, "the report and the symlink to it");
  assert.equal(skipped.length, 6);
  expectEverySkipped(skipped.join("\n"), dir);
  const zero = await within(10, readReport(dir, IDS.zero));
  assert.equal(zero.kind, "invalid");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("claims and upload name every skipped file; upload exits 1 having sent nothing", async () => {
  const dir = await hostileFolder(false);
  const claims = realDeps();
  assert.equal(await within(20, main(["claims", "--out", dir], claims)), 1);
  expectEverySkipped(claims.out.text(), dir);
  assert.match(claims.out.text(), /nothing to judge \(6 report files skipped, named above\)/);
  const out = recorder();
  const code = await within(
    20,
    uploadCommand(["--out", dir, "--upload", "http://127.0.0.1:9"], {}, out),
  );
  assert.equal(code, 1);
  expectEverySkipped(out.text(), dir);
  assert.match(out.text(), /nothing sent and 6 report files skipped/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a resumed sweep skips a report that is a symlink to /dev/zero or a FIFO, says so, and runs the cell again", async () => {
  const out = await Deno.makeTempDir();
  const sweep = ["sweep", "--suite", "lemniscate", "--out", out, "--no-db", "--quiet"];
  assert.equal(await main(sweep, realDeps()), 0);
  const [first, second] = (await listReports(out)).map((r) => r.id) as [string, string];
  await Deno.remove(reportPath(out, first));
  await Deno.symlink("/dev/zero", reportPath(out, first));
  await Deno.remove(reportPath(out, second));
  await new Deno.Command("mkfifo", { args: [reportPath(out, second)] }).output();
  const again = realDeps();
  assert.equal(await within(120, main(sweep, again)), 0);
  const text = again.out.text();
  assert.match(text, new RegExp(`skipping ${reportPath(out, first)}: a symlink to a character`));
  assert.match(text, new RegExp(`skipping ${reportPath(out, second)}: a FIFO`));
  assert.equal((await readReport(out, first)).kind, "ok", "run again and written as a file");
  assert.equal((await readReport(out, second)).kind, "ok");
  await Deno.remove(out, { recursive: true });
});
