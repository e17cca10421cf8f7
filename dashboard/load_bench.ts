/**
 * Speed of the dashboard with 10,000 stored runs.
 *
 * - `deno run -A dashboard/load_bench.ts`: a load script over real HTTP. Ingests 10,000 realistic
 *   reports (batches of 100, then 500 one per request), then requests the cross-seed table page of
 *   the 10,000-run sweep and of a 60-run sweep; prints reports/s and p50/p95 latencies.
 * - `deno bench -A dashboard/load_bench.ts`: the same operations in-process with `app.request`.
 */
import type { Report } from "../src/report/schema.ts";
import { createApp } from "./app.ts";
import { openStore } from "./storage/store.ts";
import { syntheticSweep } from "./testing/synthetic_sweep.ts";

const TOKEN = "bench";

/** 10,000 runs in one sweep (25 widths x 40 step sizes x 10 seeds) and a 60-run sweep. */
export function benchReports(): { big: Report[]; small: Report[] } {
  const big = syntheticSweep({
    sweepId: "load-10k",
    widths: Array.from({ length: 25 }, (_, i) => 64 + 32 * i),
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

async function timeGets(
  url: string,
  n: number,
): Promise<{ p50: number; p95: number; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url);
    bytes = (await res.arrayBuffer()).byteLength;
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95), bytes };
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
 * Starts `serve.ts` in its own process (as in production; the load client then does not share its
 * event loop) on a free port; resolves once it listens.
 */
async function serveInSubprocess(db: string): Promise<{ url: string; shutdown(): Promise<void> }> {
  const args = ["run", "-A", new URL("./serve.ts", import.meta.url).pathname, "--port", "0"];
  args.push("--db", db, "--token", TOKEN);
  const child = new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr: "inherit" })
    .spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/on (http:\/\/\S+)/.test(text)) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`serve.ts exited before listening: ${text}`);
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

/** The load script: prints the figures. */
export async function main(): Promise<number> {
  const dir = Deno.makeTempDirSync({ prefix: "plbench-load-" });
  const server = await serveInSubprocess(`${dir}/load.db`);
  try {
    const { big, small } = benchReports();
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
    const first = await timeGets(`${server.url}/sweeps/load-10k/table`, 1);
    const afterWrite: number[] = [];
    for (let i = 0; i < 20; i++) {
      await post(`${server.url}/api/reports`, JSON.stringify(big[i * 37]));
      afterWrite.push((await timeGets(`${server.url}/sweeps/load-10k/table`, 1)).p50);
    }
    afterWrite.sort((a, b) => a - b);
    const bigTable = await timeGets(`${server.url}/sweeps/load-10k/table`, 40);
    const smallTable = await timeGets(`${server.url}/sweeps/load-small/table`, 100);
    const apiTable = await timeGets(`${server.url}/api/table?sweep=load-10k`, 20);
    const f = (x: number) => x.toFixed(1);
    console.log(`stored runs: ${big.length + small.length}`);
    console.log(
      `ingest, batches of 100 over HTTP: ${f(big.length / batchSeconds)} reports/s ` +
        `(${big.length} reports, ${f(mb)} MB of JSON, ${f(batchSeconds)} s)`,
    );
    console.log(
      `ingest, one report per request: ${f(singles.length / singleSeconds)} reports/s ` +
        `(${singles.length} requests)`,
    );
    console.log(
      `table page of the 10,000-run sweep (1,000 grid points): p50 ${f(bigTable.p50)} ms, ` +
        `p95 ${f(bigTable.p95)} ms, ${f(bigTable.bytes / 1e6)} MB`,
    );
    console.log(
      `  first request (full build) ${f(first.p50)} ms; right after each of 20 single-report ` +
        `writes (incremental): p50 ${f(percentile(afterWrite, 0.5))} ms, p95 ${
          f(percentile(afterWrite, 0.95))
        } ms`,
    );
    console.log(
      `table page of a 60-run sweep among 10,060 runs: p50 ${f(smallTable.p50)} ms, ` +
        `p95 ${f(smallTable.p95)} ms`,
    );
    console.log(
      `GET /api/table of the 10,000-run sweep: p50 ${f(apiTable.p50)} ms, p95 ${
        f(apiTable.p95)
      } ms`,
    );
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
  await (await app.request("/sweeps/load-10k/table")).arrayBuffer();
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

if (import.meta.main) Deno.exit(await main());
