/**
 * The claims at the end of a real sweep and `claims` on existing report folders: shards judged
 * together, the paper report file, bad input, and the reports sent to a real dashboard whose
 * Claims API gives the same verdicts.
 */
import assert from "node:assert/strict";
import { main } from "../../main.ts";
import { createApp } from "../../dashboard/app.ts";
import { openStore } from "../../dashboard/storage/store.ts";
import { realDeps } from "./testdata/deps.ts";

Deno.test("deno task sweep --suite lemniscate ends with its claims, a verdict and a line of evidence each", async () => {
  const out = await Deno.makeTempDir();
  const deps = realDeps();
  assert.equal(
    await main(["sweep", "--suite", "lemniscate", "--out", out, "--no-db", "--quiet"], deps),
    0,
  );
  const text = deps.out.text();
  const tail = text.slice(text.indexOf("claims of lemniscate"));
  const lines = tail.trimEnd().split("\n");
  assert.match(
    lines[0]!,
    /^claims of lemniscate \(sweep [0-9a-f]+, 2 of 2 cells with data\): 2 hold, 0 fail, 0 inconclusive$/,
  );
  assert.match(lines[1]!, /^ {2}HOLDS {9}same-point: both parametrizations converge linearly/);
  assert.match(
    lines[2]!,
    /^ {18}param=S: geometric, rho 0.245\d over \d+.\d+ decades from epoch \d+ \(after a linear phase\);/,
  );
  assert.match(lines[3]!, /^ {2}HOLDS {9}s-faster-than-l: F_S converges faster than F_L/);
  assert.match(lines[4]!, /F_S rate 56.2\d+ > F_L rate 0.256\d+$/);
  assert.equal(lines.length, 5);
});

Deno.test("claims judges a sweep from its shards' folders together; one shard alone names the missing seeds", async () => {
  const a = await Deno.makeTempDir();
  const b = await Deno.makeTempDir();
  const shard = (i: number, out: string) =>
    main(
      ["sweep", "--suite", "logistic", "--shard", `${i}/2`, "--out", out, "--no-db", "--quiet"],
      realDeps(),
    );
  const first = realDeps();
  assert.equal(
    await main(
      ["sweep", "--suite", "logistic", "--shard", "0/2", "--out", a, "--no-db", "--quiet"],
      first,
    ),
    0,
  );
  assert.match(first.out.text(), /INCONCLUSIVE {2}under-lambert-bound/);
  assert.match(first.out.text(), /seeds: 2 of 3 hold, 1 missing/);
  assert.match(first.out.text(), /shard 0 of 2: judge the whole sweep with deno task claims/);
  assert.equal(await shard(1, b), 0);
  const both = realDeps();
  assert.equal(await main(["claims", "--out", a, "--out", b], both), 0);
  assert.match(
    both.out.text(),
    /claims of logistic \(sweep [0-9a-f]+, 3 of 3 cells with data\): 2 hold, 0 fail/,
  );
});

Deno.test("claims refuses bad input with exit code 2 and one line; an empty folder has nothing to judge", async () => {
  const empty = await Deno.makeTempDir();
  const cases: [string[], RegExp][] = [
    [["claims", "--out", `${empty}/nope`], /Invalid --out '.*nope': no such folder of reports/],
    [
      ["claims", "--out", empty, "--upload", "ftp://x"],
      /Invalid --upload 'ftp:\/\/x': expected an http/,
    ],
    [["claims", "--bogus"], /Unknown option '--bogus'.*usage: claims/],
  ];
  for (const [args, message] of cases) {
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => void errors.push(m);
    try {
      assert.equal(await main(args, realDeps()), 2, args.join(" "));
    } finally {
      console.error = original;
    }
    assert.match(errors.join("\n"), message);
  }
  const deps = realDeps();
  assert.equal(await main(["claims", "--out", empty], deps), 1);
  assert.match(deps.out.text(), /no reports in .*: nothing to judge/);
});

Deno.test("claims --report writes the paper report; without the paper's suites it says which sweeps to run", async () => {
  const out = await Deno.makeTempDir();
  assert.equal(
    await main(["sweep", "--suite", "lemniscate", "--out", out, "--no-db", "--quiet"], realDeps()),
    0,
  );
  const file = `${out}/report.html`;
  const deps = realDeps();
  assert.equal(await main(["claims", "--out", out, "--report", file], deps), 0);
  assert.match(deps.out.text(), /paper report written to .*report.html/);
  const html = await Deno.readTextFile(file);
  assert.match(html, /No <code>mlp-mnist<\/code> reports among the report folders/);
  assert.match(html, /run\s+<code>deno task sweep --suite cnn-cifar5<\/code>/);
  assert.doesNotMatch(html, /<script>/, "no charts, no scripts");
});

Deno.test("claims --upload sends the reports to a real dashboard, whose Claims API gives the same verdicts", async () => {
  const out = await Deno.makeTempDir();
  assert.equal(
    await main(["sweep", "--suite", "logistic", "--out", out, "--no-db", "--quiet"], realDeps()),
    0,
  );
  const store = openStore(":memory:");
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    createApp({ store, claimSuites: realDeps().suites }).fetch,
  );
  try {
    const url = `http://127.0.0.1:${server.addr.port}`;
    const deps = realDeps();
    assert.equal(await main(["claims", "--out", out, "--upload", url], deps), 0);
    assert.match(
      deps.out.text(),
      /3 reports in .*: 0 already on the dashboard, 3 sent, 0 not sent/,
    );
    assert.match(deps.out.text(), new RegExp(`claims on the dashboard: ${url}/claims`));
    const body = await (await fetch(`${url}/api/claims`)).json();
    const verdicts = body.sweeps[0].results.map((r: { id: string; verdict: string }) =>
      `${r.id} ${r.verdict}`
    );
    assert.deepEqual(verdicts, ["under-lambert-bound holds", "decays-like-1-over-t holds"]);
  } finally {
    await server.shutdown();
    store.close();
  }
});
