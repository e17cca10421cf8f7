/**
 * Speed of the dashboard with a big stored sweep.
 *
 * - `deno run -A dashboard/load_bench.ts [--runs 10000]`: a load script over real HTTP against
 *   `main.ts serve` in its own process. Ingests the runs of one sweep (1,000 grid points per 10,000
 *   runs, 10 seeds each; batches of 100, then 500 one per request) and a 60-run sweep, then times
 *   every page and export of the big sweep: its first request after the start (cold caches and
 *   uncompiled code) and p50/p95 of repeated requests after three more, the table page right after
 *   single-report writes (incremental update), the sweep page right after single-report writes to
 *   another sweep and to its own (its Claims panel), and compare with 2,000 copies of one point in
 *   its address. Prints a table.
 * - `deno bench -A dashboard/load_bench.ts`: the table pages and a batch ingest in-process.
 */
import { FlagError, parseFlags } from "../src/util/strict_flags.ts";
import type { Report } from "../src/report/schema.ts";
import { createApp } from "./app.ts";
import { openStore } from "./storage/store.ts";
import { syntheticSweep } from "./testing/synthetic_sweep.ts";
import { MAX_COMPARE_POINTS } from "./routes/compare_routes.ts";
import { pointId } from "../src/sweep/grid_point.ts";

const TOKEN = "bench";

/** Single-report writes to each sweep before the sweep page is timed again. */
const SWEEP_WRITES = 20;

/**
 * `runs` runs in one sweep "load-big" (widths x 40 step sizes x 10 seeds, 1,000 grid points per
 * 10,000 runs) and a 60-run sweep "load-small".
 */
export function benchReports(runs = 10_000): { big: Report[]; small: Report[] } {
  const widths = Math.max(1, Math.round(runs / 400));
  const big = syntheticSweep({
    sweepId: "load-big",
    widths: Array.from({ length: widths }, (_, i) => 64 + 32 * i),
    lrs: Array.from({ length: 40 }, (_, i) => 1e-4 * (i + 1)),
    seeds: Array.from({ length: 10 }, (_, i) => i),
    epochs: 100,
  });
  const small = syntheticSweep({
    sweepId: "load-small",
    suite: "width-ablation-small",
    widths: [128, 256, 512, 1024],
    lrs: [0.001, 0.0005],
    seeds: [0, 1, 2, 3, 4, 5, 6, 7],
    epochs: 100,
  }).slice(0, 60);
  return { big, small };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

interface Timing {
  first: number;
  p50: number;
  p95: number;
  bytes: number;
  status: number;
}

async function timeGet(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const t = performance.now();
  const res = await fetch(url);
  const bytes = (await res.arrayBuffer()).byteLength;
  return { ms: performance.now() - t, bytes, status: res.status };
}

/** Requests after the first that warm the server's compiled code before timing starts. */
const WARMUP = 3;

/** The first request, WARMUP untimed ones, then `n` more: p50 and p95 of those `n`. */
async function timeGets(url: string, n: number): Promise<Timing> {
  const first = await timeGet(url);
  for (let i = 0; i < WARMUP; i++) await timeGet(url);
  const ms: number[] = [];
  let last = first;
  for (let i = 0; i < n; i++) {
    last = await timeGet(url);
    if (last.status !== first.status) throw new Error(`GET ${url}: HTTP ${last.status}`);
    ms.push(last.ms);
  }
  ms.sort((a, b) => a - b);
  return {
    first: first.ms,
    p50: percentile(ms, 0.5),
    p95: percentile(ms, 0.95),
    bytes: last.bytes,
    status: first.status,
  };
}

async function post(url: string, body: string): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${text}`);
}

/**
 * Starts `main.ts serve` in its own process (as in production; the load client then does not share
 * its event loop) on a free port; resolves once it listens.
 */
async function serveInSubprocess(db: string): Promise<{ url: string; shutdown(): Promise<void> }> {
  const args = [
    "run",
    "-A",
    new URL("../main.ts", import.meta.url).pathname,
    "serve",
    "--port",
    "0",
  ];
  args.push("--db", db, "--token", TOKEN);
  const child = new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr: "inherit" })
    .spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/on (http:\/\/\S+)/.test(text)) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`main.ts serve exited before listening: ${text}`);
    text += value;
  }
  const url = /on (http:\/\/\S+)/.exec(text)![1]!;
  return {
    url,
    async shutdown() {
      child.kill("SIGTERM");
      await lines.cancel();
      await child.status;
    },
  };
}

async function restart(
  server: { shutdown(): Promise<void> },
  db: string,
): Promise<{ url: string; shutdown(): Promise<void> }> {
  await server.shutdown();
  return await serveInSubprocess(db);
}

/** The load script: prints the figures. */
export async function main(args: string[] = []): Promise<number> {
  let given: string;
  try {
    given = parseFlags(args, { string: ["runs"] }).strings.runs ?? "10000";
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    console.error(e.message);
    return 2;
  }
  const runs = Number(given);
  if (!Number.isInteger(runs) || runs < 400) {
    console.error(`--runs must be a whole number of at least 400, got '${given}'`);
    return 2;
  }
  const dir = Deno.makeTempDirSync({ prefix: "plbench-load-" });
  const db = `${dir}/load.db`;
  let server = await serveInSubprocess(db);
  try {
    const { big, small } = benchReports(runs);
    const bodies = [];
    for (let i = 0; i < big.length; i += 100) bodies.push(JSON.stringify(big.slice(i, i + 100)));
    const mb = bodies.reduce((s, b) => s + b.length, 0) / 1e6;
    let t = performance.now();
    for (const body of bodies) await post(`${server.url}/api/reports`, body);
    const batchSeconds = (performance.now() - t) / 1000;
    const singles = small.concat(big.slice(0, 440)).map((r) => JSON.stringify(r));
    t = performance.now();
    for (const body of singles) await post(`${server.url}/api/reports`, body);
    const singleSeconds = (performance.now() - t) / 1000;

    // Every page of the big sweep, each first requested right after a restart (cold caches).
    const sweep = "/sweeps/load-big";
    const points = [...new Set(big.map((r) => pointId(r.config)))];
    const compare = points.slice(0, MAX_COMPARE_POINTS).map((p) => `point=${p}`).join("&");
    const pages: [string, string, number][] = [
      ["sweeps list /", "/", 40],
      ["sweep page", sweep, 40],
      ["cross-seed table page", `${sweep}/table`, 40],
      ["heatmap page", `${sweep}/heatmap`, 40],
      ["envelope page (10 seeds)", `${sweep}/points/${points[0]}`, 40],
      ["run page", `/runs/${big[0]!.id}`, 40],
      [`compare page (${MAX_COMPARE_POINTS} points)`, `${sweep}/compare?${compare}`, 20],
      ["table CSV", "/api/table.csv?sweep=load-big", 40],
      ["table LaTeX", "/api/table.tex?sweep=load-big", 40],
      ["table JSON", "/api/table?sweep=load-big", 20],
      ["sweep JSON", "/api/sweeps/load-big", 40],
      ["runs JSON (limit 1000)", "/api/runs?sweep=load-big&limit=1000", 20],
      ["table page of the 60-run sweep", "/sweeps/load-small/table", 40],
    ];
    const rows: [string, Timing][] = [];
    for (const [name, path, n] of pages) {
      server = await restart(server, db);
      rows.push([name, await timeGets(server.url + path, n)]);
    }
    const afterWrite: number[] = [];
    for (let i = 0; i < 20; i++) {
      await post(`${server.url}/api/reports`, JSON.stringify(big[i * 37]));
      afterWrite.push((await timeGet(`${server.url}${sweep}/table`)).ms);
    }
    afterWrite.sort((a, b) => a - b);
    // The sweep page's Claims panel is judged again after a write to its own sweep only.
    await timeGet(`${server.url}${sweep}`);
    const sweepAfterOther: number[] = [];
    const sweepAfterOwn: number[] = [];
    for (let i = 0; i < SWEEP_WRITES; i++) {
      await post(`${server.url}/api/reports`, JSON.stringify(small[i]));
      sweepAfterOther.push((await timeGet(`${server.url}${sweep}`)).ms);
      await post(`${server.url}/api/reports`, JSON.stringify(big[i * 41]));
      sweepAfterOwn.push((await timeGet(`${server.url}${sweep}`)).ms);
    }
    sweepAfterOther.sort((a, b) => a - b);
    sweepAfterOwn.sort((a, b) => a - b);
    const copies = Array.from({ length: 2000 }, () => `point=${points[0]}`).join("&");
    rows.push([
      "compare, 2,000 copies of one point (46 kB address)",
      await timeGets(`${server.url}/api/compare?sweep=load-big&${copies}`, 20),
    ]);
    const tooMany = points.slice(0, MAX_COMPARE_POINTS + 1).map((p) => `point=${p}`).join("&");
    rows.push([
      `compare, ${MAX_COMPARE_POINTS + 1} distinct points (refused)`,
      await timeGets(`${server.url}/api/compare?sweep=load-big&${tooMany}`, 20),
    ]);

    const f = (x: number) => x.toFixed(1);
    console.log(
      `stored runs: ${
        big.length + small.length
      } (sweep load-big: ${big.length} runs, ${points.length} grid points)`,
    );
    console.log(
      `ingest, batches of 100 over HTTP: ${f(big.length / batchSeconds)} reports/s ` +
        `(${big.length} reports, ${f(mb)} MB of JSON, ${f(batchSeconds)} s)`,
    );
    console.log(
      `ingest, one report per request: ${f(singles.length / singleSeconds)} reports/s ` +
        `(${singles.length} requests)`,
    );
    console.log(
      "\n| page | status | first request after start (ms) | p50 (ms) | p95 (ms) | size |",
    );
    console.log("| --- | --- | --- | --- | --- | --- |");
    for (const [name, r] of rows) {
      console.log(
        `| ${name} | ${r.status} | ${f(r.first)} | ${f(r.p50)} | ${f(r.p95)} | ${
          r.bytes > 1e5 ? `${f(r.bytes / 1e6)} MB` : `${f(r.bytes / 1e3)} kB`
        } |`,
      );
    }
    console.log(
      `| table page right after each of 20 single-report writes (incremental) | 200 | | ${
        f(percentile(afterWrite, 0.5))
      } | ${f(percentile(afterWrite, 0.95))} | |`,
    );
    for (
      const [what, ms] of [
        ["another sweep", sweepAfterOther],
        ["its own sweep", sweepAfterOwn],
      ] as const
    ) {
      console.log(
        `| sweep page right after each of ${SWEEP_WRITES} single-report writes to ${what} | 200 | | ${
          f(percentile(ms, 0.5))
        } | ${f(percentile(ms, 0.95))} | |`,
      );
    }
    return 0;
  } finally {
    await server.shutdown();
    Deno.removeSync(dir, { recursive: true });
  }
}

let fixture: { app: ReturnType<typeof createApp>; batch: string } | null = null;

function setup() {
  if (fixture === null) {
    const { big, small } = benchReports();
    const store = openStore(":memory:");
    store.upsertReports(big);
    store.upsertReports(small);
    fixture = { app: createApp({ store, token: TOKEN }), batch: JSON.stringify(big.slice(0, 100)) };
  }
  return fixture;
}

Deno.bench("table page of a 10,000-run sweep (1,000 grid points)", async (b) => {
  const { app } = setup();
  b.start();
  await (await app.request("/sweeps/load-big/table")).arrayBuffer();
  b.end();
});

Deno.bench("table page of a 60-run sweep among 10,060 runs", async (b) => {
  const { app } = setup();
  b.start();
  await (await app.request("/sweeps/load-small/table")).arrayBuffer();
  b.end();
});

Deno.bench("ingest a batch of 100 reports (idempotent re-ingest)", async (b) => {
  const { app, batch } = setup();
  b.start();
  const res = await app.request("/api/reports", {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}` },
    body: batch,
  });
  await res.arrayBuffer();
  b.end();
});

if (import.meta.main) Deno.exit(await main(Deno.args));
