/**
 * Fault tests of real sweeps (the mlp-mnist suite at a tiny size) run as separate processes: a
 * worker killed with SIGKILL, the whole sweep killed, two processes given the same shard.
 */
import assert from "node:assert/strict";
import { expandGrid } from "../sweep/grid.ts";
import { SUITES } from "../../suites/mod.ts";
import { readReport } from "../spool/store_files.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const SUITE = SUITES.find((s) => s.name === "mlp-mnist")!;
const SETS = ["width=16", "epochs=60", "trainSize=256", "ntkK=16", "seed=0"];
const GRIDS = ["lr=0.001,0.002", "depth=1,2"];
const ARGS = [
  "--suite",
  "mlp-mnist",
  ...SETS.flatMap((s) => ["--set", s]),
  ...GRIDS.flatMap((g) => ["--grid", g]),
  "--no-db",
];
const IDS = expandGrid(SUITE, SETS, GRIDS).cells.map((c) => c.id);

function sweep(out: string, extra: string[] = [], prefix: string[] = []) {
  const args = [
    ...prefix,
    Deno.execPath(),
    "run",
    "-A",
    MAIN,
    "sweep",
    ...ARGS,
    "--out",
    out,
    ...extra,
  ];
  return new Deno.Command(args[0]!, { args: args.slice(1), stdout: "piped", stderr: "piped" })
    .spawn();
}

async function finish(child: Deno.ChildProcess): Promise<{ code: number; out: string }> {
  const r = await child.output();
  return {
    code: r.code,
    out: new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr),
  };
}

async function firstLock(out: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const lock = [...Deno.readDirSync(out)].find((e) => e.name.endsWith(".lock"));
    if (lock !== undefined) {
      try {
        const text = await Deno.readTextFile(`${out}/${lock.name}`);
        return text;
      } catch { /* released meanwhile */ }
    }
    await new Promise((ok) => setTimeout(ok, 20));
  }
  throw new Error("no lock appeared");
}

async function statuses(out: string): Promise<string[]> {
  return await Promise.all(IDS.map(async (id) => {
    const r = await readReport(out, id);
    return r.kind === "ok" ? r.report.status : r.kind;
  }));
}

/** What a finished sweep should not leave: anything but reports, series and final states. */
function leftovers(out: string): string[] {
  return [...Deno.readDirSync(out)].map((e) => e.name).filter((n) =>
    !/^[0-9a-f]+\.(json|csv|final)$/.test(n)
  );
}

function ran(out: string): string[] {
  return [...out.matchAll(/^\[\d+\/\d+\] ([0-9a-f]{8}) .*: (complete|diverged|failed)/gm)].map((
    m,
  ) => m[1]!);
}

Deno.test("a worker killed with SIGKILL mid-cell costs that cell only, and a rerun redoes it once", async () => {
  const out = await Deno.makeTempDir();
  const child = sweep(out, ["--jobs", "2"]);
  await new Promise((ok) => setTimeout(ok, 150));
  for (let killed = false; !killed;) {
    const holder = JSON.parse(await firstLock(out));
    try {
      Deno.kill(holder.pid, "SIGKILL");
      killed = true;
    } catch { /* that worker finished meanwhile: take the next lock */ }
  }
  const first = await finish(child);
  assert.equal(first.code, 1, first.out);
  const after = await statuses(out);
  assert.equal(after.filter((s) => s === "failed").length, 1, after.join());
  assert.equal(after.filter((s) => s === "complete").length, IDS.length - 1);
  const second = await finish(sweep(out, ["--jobs", "2"]));
  assert.equal(second.code, 0, second.out);
  assert.match(second.out, new RegExp(`1 to run, ${IDS.length - 1} already done`));
  assert.equal(ran(second.out).length, 1);
  assert.deepEqual(await statuses(out), IDS.map(() => "complete"));
  assert.deepEqual(leftovers(out), []);
});

Deno.test("a sweep killed with SIGKILL as a whole loses no cell and doubles none on rerun", async () => {
  const out = await Deno.makeTempDir();
  const child = sweep(out, ["--jobs", "2"], ["setsid"]);
  await firstLock(out);
  await new Promise((ok) => setTimeout(ok, 300));
  Deno.kill(-child.pid, "SIGKILL");
  await finish(child);
  const done = (await statuses(out)).filter((s) => s === "complete").length;
  assert.ok(done < IDS.length, "the sweep finished before it was killed");
  assert.ok(leftovers(out).some((n) => n.endsWith(".lock")), "the killed workers left their locks");
  const second = await finish(sweep(out, ["--jobs", "2"]));
  assert.equal(second.code, 0, second.out);
  assert.equal(ran(second.out).length, IDS.length - done);
  assert.deepEqual(await statuses(out), IDS.map(() => "complete"));
  assert.deepEqual(leftovers(out), []);
});

Deno.test("two processes given the same shard run each cell once between them", async () => {
  const out = await Deno.makeTempDir();
  const [a, b] = await Promise.all([
    finish(sweep(out, ["--jobs", "1"])),
    finish(sweep(out, ["--jobs", "1"])),
  ]);
  assert.equal(a.code, 0, a.out);
  assert.equal(b.code, 0, b.out);
  const byA = ran(a.out);
  const byB = ran(b.out);
  assert.deepEqual([...byA, ...byB].sort(), IDS.map((id) => id.slice(0, 8)).sort());
  assert.ok(byA.length > 0 && byB.length > 0, `one process did everything: ${byA} / ${byB}`);
  assert.deepEqual(await statuses(out), IDS.map(() => "complete"));
  assert.deepEqual(leftovers(out), []);
});
